import type { IntakeMessages } from './i18n.zh-CN';

const en: IntakeMessages['intake'] = {
  title: 'Hotline intake',
  hint: '12319 hotline: for a request or complaint click the problem on the map and submit: a hotline case is created and an inspector verifies it on site. An inquiry is answered on the spot, a suggestion or thanks recorded.',
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
  asCase: 'On-site work',
  asCaseHint: 'Inquiries, suggestions and thanks are answered or recorded; switch on to send someone on site',
  answer: 'Answer',
  answerHint: 'What the caller was told',
  record: 'Record the call',
  recorded: '{nature} call recorded',
  recordHint:
    'An inquiry is answered on the spot, a suggestion or thanks recorded: no case, no category and no place needed.',
  needAnswer: 'Write what the caller said and the answer given',
  needContent: 'Write what the caller said',
  log: {
    title: 'Calls answered and recorded (newest first)',
    empty: 'None yet',
    at: 'Called',
    seat: 'Seat',
    more: 'Load more',
  },
  open: 'Open the case',
};

const intakeEn: IntakeMessages = { intake: en };
export default intakeEn;
