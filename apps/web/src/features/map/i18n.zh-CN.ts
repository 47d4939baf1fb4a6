// The map feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const mapZh = {
  map: {
    zoomHint: '放大查看单元网格',
    truncated: '网格过多，仅显示部分，请继续放大',
    searchPlaceholder: '地址、路口、小区或 15 位网格编码',
    addressPlaceholder: '输入地址、道路交叉口、小区或地标',
    searchNotFound: '没有找到“{text}”，请换个说法或输入 15 位网格编码',
    placeKinds: {
      district: '区',
      street: '街道',
      community: '社区',
      road: '道路',
      intersection: '路口',
      address: '门牌',
      landmark: '地标',
    },
    searchInvalid: '请输入 15 位数字的单元网格编码',
    loadFailed: '底图加载失败',
    layers: {
      base: '街道底图',
      districts: '区界',
      streets: '街道',
      communities: '社区',
      grids: '单元网格',
      tiles: '瓦片底图',
    },
  },
  grid: {
    panelTitle: '单元网格',
    code: '网格编码',
    district: '区',
    street: '街道',
    community: '社区',
    responsibleBody: '责任主体',
    supervisionGrid: '监督网格',
    area: '面积',
    areaValue: '{value} 平方米',
    version: '版本',
    centroid: '中心点',
    editTitle: '修改网格',
    updatedLive: '网格 {code} 已被修改',
    noSupervisionGrid: '未划入监督网格',
  },
};

export default mapZh;
export type MapMessages = typeof mapZh;
