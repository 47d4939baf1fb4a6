// The Open311 feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const open311Zh = {
  open311: {
    nav: 'Open311 密钥',
    title: 'Open311 接口密钥',
    intro:
      '第三方应用和其他城市的平台通过 Open311 GeoReport v2 接口（{base}）上报问题、查询进度。上报须使用管理员发放的密钥；上报的问题与其他渠道一样先核实再派遣。',
    issue: '发放密钥',
    name: '名称',
    partner: '合作方',
    prefix: '密钥开头',
    status: '状态',
    active: '有效',
    revoked: '已吊销',
    createdAt: '发放时间',
    revokedAt: '吊销时间',
    requests: '上报数',
    revoke: '吊销',
    revokeConfirm: '吊销后使用该密钥的上报将被拒绝，确定吊销“{name}”吗？',
    revokedDone: '已吊销“{name}”',
    namePlaceholder: '如：烟台随手拍 App',
    partnerPlaceholder: '如：烟台日报社',
    required: '请填写名称和合作方',
    issuedTitle: '密钥已发放',
    issuedOnce: '请立即复制并安全地交给合作方：密钥只显示这一次，系统只保存其摘要。',
    copy: '复制',
    copied: '已复制',
    close: '我已保存',
    empty: '还没有发放密钥',
    example: '示例',
  },
};

export default open311Zh;
export type Open311Messages = typeof open311Zh;
