// The admin feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const adminZh = {
  adminHome: {
    title: '系统管理',
    intro: '维护城市的组织结构、网格、专业部门和用户。所有修改都记入审计日志。',
  },
};

export default adminZh;
export type AdminMessages = typeof adminZh;
