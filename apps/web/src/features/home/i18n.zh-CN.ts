// The home feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const homeZh = {
  duties: {
    admin: [
      '维护区、街道、社区、监督网格和单元网格',
      '管理专业部门及其负责的部件、事件类别',
      '管理用户、角色和管辖范围，解锁账号',
      '导入单元网格，查看审计日志',
    ],
    inspector: ['在负责的监督网格内巡查', '上报发现的问题', '接收并完成核实、核查任务'],
    operator: ['受理上报、派发核实/核查任务', '判断是否立案，退回不合格的上报'],
    hotline: ['受理 12319 热线来电并登记', '回复市民咨询和进度查询'],
    shift_leader: ['立案、结案', '审批作废申请'],
    dispatcher: ['将案件派遣给专业部门', '审批延期、回退、挂起申请'],
    handler: ['接收派遣的案件并处置', '上报处置结果，必要时申请延期或回退'],
    supervisor: ['督办超时和即将超时的案件', '跟踪重点案件'],
    utility_operator: ['监视供水、排水、燃气、供热站点', '处理报警，下发远程指令'],
    commander: ['指挥应急事件', '调度队伍和物资'],
    leader: ['查看领导驾驶舱', '了解各区、各部门的运行和考核情况'],
    citizen: ['上报身边的城市管理问题', '查询办理进度并评价'],
  },
  homes: {
    greeting: '您好，{name}',
    yourRoles: '您的角色',
    jurisdiction: '管辖范围',
    whatYouDo: '您的工作',
    quickLinks: '快捷入口',
    comingSoon: '更多功能即将上线',
    desk: '受理派遣工作台',
    unit: '专业部门工作台',
    utilities: '公用事业监控',
    emergency: '应急指挥',
    cockpit: '领导驾驶舱',
    portal: '市民服务',
    map: '城市地图',
    mobile: '监督员移动端',
  },
};

export default homeZh;
export type HomeMessages = typeof homeZh;
