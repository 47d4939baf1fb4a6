// The components feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const componentsZh = {
  componentsPage: {
    title: '部件',
    category: '部件类别',
    state: '状态',
    grid: '单元网格',
    maintainer: '养护单位',
    owner: '权属单位',
    competentDept: '主管部门',
    accuracy: '定位精度',
    source: '数据来源',
    censusDate: '普查日期',
    changeDate: '变更日期',
    note: '备注',
    cases: '相关案件',
    noCases: '暂无案件',
    caseCode: '案件编号',
    description: '问题描述',
    reportedAt: '上报时间',
    changes: '变更记录',
    importTitle: '部件导入',
    importIntro:
      '选择 GeoJSON（点要素，属性 code、name、state、owner、competentDept、maintainerDeptCode、censusDate、accuracyClass、note）或 Excel（.xlsx，首行为列名：编码、名称、类别、状态、经度、纬度、权属单位、主管部门、养护单位编码、普查日期、精度、备注）。先校验，通过后才能导入；全部写入或全部不写入。',
    badFile: '文件不是有效的 GeoJSON FeatureCollection 或 Excel 工作簿',
  },
};

export default componentsZh;
export type ComponentsMessages = typeof componentsZh;
