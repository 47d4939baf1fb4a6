// The users feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const usersZh = {
  users: {
    title: '用户',
    create: '新建用户',
    edit: '编辑用户',
    username: '用户名',
    displayName: '姓名',
    displayNameEn: '英文姓名',
    password: '密码',
    passwordHint: '至少 8 位；留空则不修改',
    passwordNew: '至少 8 位',
    roles: '角色',
    roleFilter: '按角色筛选',
    phone: '电话',
    active: '启用',
    status: '状态',
    locked: '已锁定',
    normal: '正常',
    disabled: '已停用',
    unlock: '解锁',
    unlocked: '已解锁 {name}',
    supervisionGrids: '负责的监督网格',
    rolesRequired: '至少选择一个角色',
    usernamePattern: '2–64 位字母、数字、下划线、点或短横线',
    passwordLength: '密码至少 8 位',
    codeRequired: '请选择区域',
    departmentRequired: '请选择部门',
  },
};

export default usersZh;
export type UsersMessages = typeof usersZh;
