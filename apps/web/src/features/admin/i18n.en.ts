import type { AdminMessages } from './i18n.zh-CN';

const adminEn: AdminMessages = {
  adminHome: {
    title: 'Administration',
    intro:
      'Maintain the city’s organisation, grids, handling units and users. Every change is written to the audit log.',
  },
};

export default adminEn;
