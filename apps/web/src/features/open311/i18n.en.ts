import type { Open311Messages } from './i18n.zh-CN';

const open311En: Open311Messages = {
  open311: {
    nav: 'Open311 keys',
    title: 'Open311 API keys',
    intro:
      "Partner apps and other cities' portals report problems and follow them through the Open311 GeoReport v2 API ({base}). Reporting needs a key issued here; their reports are verified before dispatch like any other.",
    issue: 'Issue a key',
    name: 'Name',
    partner: 'Partner',
    prefix: 'Key begins',
    status: 'Status',
    active: 'Active',
    revoked: 'Revoked',
    createdAt: 'Issued',
    revokedAt: 'Revoked at',
    requests: 'Reports',
    revoke: 'Revoke',
    revokeConfirm: 'Reports with this key will be refused. Revoke “{name}”?',
    revokedDone: '“{name}” revoked',
    namePlaceholder: 'e.g. Yantai Snap app',
    partnerPlaceholder: 'e.g. Yantai Daily',
    required: 'Enter a name and a partner',
    issuedTitle: 'Key issued',
    issuedOnce:
      'Copy it now and hand it to the partner safely: it is shown this once only; the system keeps only its hash.',
    copy: 'Copy',
    copied: 'Copied',
    close: 'I have saved it',
    empty: 'No keys issued yet',
    example: 'Example',
  },
};

export default open311En;
