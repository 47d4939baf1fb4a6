import type { MobileMessages } from './i18n.zh-CN';

const mobileEn: MobileMessages = {
  mobile: {
    intro: 'The inspector app is being built: patrols, reports, verification and checks will happen here.',
    notLoggedIn: 'Please log in first',
    openDesk: 'Open the desk app',
  },
};

export default mobileEn;
