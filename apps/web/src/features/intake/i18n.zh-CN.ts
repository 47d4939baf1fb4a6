// The intake feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const zh = {
  title: '热线登记',
  hint: '12319 热线：登记来电，在地图上点出问题位置，提交后生成热线案件，由监督员现场核实。',
  caller: '来电人',
  phone: '联系电话',
  nature: '诉求性质',
  natures: { request: '求决', complaint: '投诉', inquiry: '咨询', suggestion: '建议', thanks: '感谢' },
  wantsReply: '需要回复',
  category: '问题类别',
  description: '来电内容',
  address: '地址',
  urgency: '紧急程度',
  urgencies: { normal: '一般', urgent: '紧急', critical: '特急' },
  location: '问题位置',
  pickHint: '在地图上点击问题位置，或按来电人说的地址查找',
  placeSearch: '查找来电人说的地址：道路、路口、门牌、小区、地标',
  nearest: '最近地址：{address}',
  grid: '单元网格',
  submit: '提交工单',
  created: '已生成案件 {code}，已派发核实',
  duplicates: '附近已有同类未结案件：',
  linkDuplicate: '关联为重复来电',
  linked: '已关联到案件 {code}',
  required: '请填写类别、内容并在地图上选择位置',
  open: '查看案件',
};

const intakeZh = { intake: zh };
export default intakeZh;
export type IntakeMessages = typeof intakeZh;
