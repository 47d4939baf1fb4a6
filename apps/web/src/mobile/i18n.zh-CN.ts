// The mobile feature's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const mobileZh = {
  mobile: {
    intro: '监督员移动端正在建设中：巡查、上报、核实、核查将在这里完成。',
    notLoggedIn: '请先登录',
    openDesk: '打开桌面版',
  },
};

export default mobileZh;
export type MobileMessages = typeof mobileZh;
