// The grids feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const gridsZh = {
  gridImport: {
    title: '单元网格导入',
    intro:
      '选择 GeoJSON 文件（FeatureCollection，每个要素含 properties.code 15 位网格编码和 WGS-84 多边形）。先校验，校验通过后才能导入；校验未通过时不会写入任何数据。',
    chooseFile: '选择文件',
    noFile: '未选择文件',
    fileInfo: '{name}，{size}，{n} 个要素',
    badFile: '文件不是有效的 GeoJSON FeatureCollection',
    validate: '校验',
    import: '导入',
    reportOk: '校验通过：{valid} / {total} 个网格有效，可以导入',
    reportBad: '校验未通过：{valid} / {total} 个网格有效，发现 {n} 个问题。未写入任何数据。',
    total: '要素总数',
    valid: '有效',
    problems: '问题',
    byKind: '问题分类',
    kind: '类型',
    index: '序号',
    message: '说明',
    kinds: {
      bad_code: '编码错误',
      duplicate_code: '编码重复',
      bad_geometry: '几何错误',
      overlap: '网格重叠',
      gap: '存在空隙',
      outside_community: '超出社区范围',
      unknown_community: '社区不存在',
    },
    done: '导入完成：共 {total} 个网格',
    doneCount: '导入完成：共 {total} 条',
    failed: '导入失败',
    states: {
      validating: '校验中',
      invalid: '校验未通过',
      running: '导入中',
      done: '已完成',
      failed: '失败',
    },
  },
};

export default gridsZh;
export type GridsMessages = typeof gridsZh;
