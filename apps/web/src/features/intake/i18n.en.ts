import type { IntakeMessages } from './i18n.zh-CN';

const en: IntakeMessages['intake'] = {
  title: 'Hotline intake',
  hint: '12319 hotline: register the call, click the problem on the map, and submit: a hotline case is created and an inspector verifies it on site.',
  caller: 'Caller',
  phone: 'Phone',
  nature: 'Nature',
  natures: {
    request: 'Request',
    complaint: 'Complaint',
    inquiry: 'Inquiry',
    suggestion: 'Suggestion',
    thanks: 'Thanks',
  },
  wantsReply: 'Wants a reply',
  category: 'Category',
  description: 'What the caller said',
  address: 'Address',
  urgency: 'Urgency',
  urgencies: { normal: 'Normal', urgent: 'Urgent', critical: 'Critical' },
  location: 'Location',
  pickHint: 'Click the problem’s place on the map, or find the address the caller gives',
  placeSearch: 'Find the caller’s address: road, crossing, house number, community, landmark',
  nearest: 'Nearest address: {address}',
  grid: 'Unit grid',
  submit: 'Submit',
  created: 'Case {code} created and sent for verification',
  duplicates: 'Open cases of the same category nearby:',
  linkDuplicate: 'Link as a repeat call',
  linked: 'Linked to case {code}',
  required: 'Choose a category, write the content and pick the place on the map',
  open: 'Open the case',
};

const intakeEn: IntakeMessages = { intake: en };
export default intakeEn;
