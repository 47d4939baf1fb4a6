import type { AuditMessages } from './i18n.zh-CN';

const auditEn: AuditMessages = {
  audit: {
    title: 'Audit log',
    at: 'Time',
    who: 'User',
    action: 'Action',
    entity: 'Entity',
    entityId: 'Entity id',
    entityFilter: 'Filter by entity',
    field: 'Field',
    before: 'Before',
    after: 'After',
    noDiff: 'No field changes recorded',
    actions: {
      create: 'Create',
      update: 'Update',
      rename: 'Rename',
      import: 'Import',
      unlock: 'Unlock',
      delete: 'Delete',
      login: 'Log in',
    },
    entities: {
      unit_grid: 'Unit grid',
      districts: 'District',
      streets: 'Street',
      communities: 'Community',
      supervision_grids: 'Supervision grid',
      departments: 'Handling unit',
      users: 'User',
    },
  },
};

export default auditEn;
