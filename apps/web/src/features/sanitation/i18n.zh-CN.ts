// The sanitation feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const zh = {
  title: '环卫作业',
  hint: '机扫率：每个机扫路段在作业时段内被作业中的扫路车（扫刷落下）或洗扫车（喷水）驶过的长度占比，由车辆上报的轨迹计算。',
  date: '日期',
  sections: '机扫路段',
  covered: '已覆盖',
  partial: '部分覆盖',
  missed: '漏扫',
  rate: '机扫率',
  length: '作业长度',
  coveredOfScheduled: '覆盖/作业（公里）',
  coveredLength: '覆盖长度',
  code: '路段编号',
  road: '道路',
  window: '作业时段',
  contractor: '作业单位',
  status: '状态',
  share: '覆盖率',
  vehicles: '作业车辆',
  working: '作业中',
  idle: '未作业',
  onlyMissed: '只看未覆盖',
  vehicleTip: '{name}：{state}，{speed} 公里/时',
  sectionTip: '{road}（{code}）{share}',
  empty: '没有机扫路段',
  types: { sweeper: '扫路车', washer: '洗扫车', garbage_truck: '垃圾收运车' } as Record<string, string>,
};

const sanitationZh = { sanitation: zh };
export default sanitationZh;
export type SanitationMessages = typeof sanitationZh;
