// The audit feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const auditZh = {
  audit: {
    title: '审计日志',
    at: '时间',
    who: '操作人',
    action: '操作',
    entity: '对象',
    entityId: '对象编号',
    entityFilter: '按对象类型筛选',
    field: '字段',
    before: '修改前',
    after: '修改后',
    noDiff: '没有记录字段变化',
    actions: {
      create: '新建',
      update: '修改',
      rename: '改名',
      import: '导入',
      unlock: '解锁',
      delete: '删除',
      login: '登录',
    },
    entities: {
      unit_grid: '单元网格',
      districts: '区',
      streets: '街道',
      communities: '社区',
      supervision_grids: '监督网格',
      departments: '专业部门',
      users: '用户',
    },
  },
};

export default auditZh;
export type AuditMessages = typeof auditZh;
