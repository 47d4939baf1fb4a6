/**
 * The one catalogue of domain errors. Services throw DomainError with a stable code; the server's
 * error handler maps it to the HTTP status and the message in the caller's language.
 */
export const ERRORS = {
  'validation.failed': { status: 400, zh: '请求参数不合法', en: 'The request is not valid' },
  'config.invalid': { status: 500, zh: '配置错误', en: 'Invalid configuration' },
  'auth.required': { status: 401, zh: '请先登录', en: 'Please log in first' },
  'auth.bad_credentials': { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  'auth.locked': {
    status: 423,
    zh: '登录失败次数过多，账号已临时锁定',
    en: 'Too many failed logins; the account is locked for a while',
  },
  'auth.forbidden': { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  'auth.out_of_jurisdiction': {
    status: 403,
    zh: '超出您的管辖范围',
    en: 'This is outside your jurisdiction',
  },
  not_found: { status: 404, zh: '未找到', en: 'Not found' },
  'grid.not_found': {
    status: 404,
    zh: '该位置不在本市单元网格内',
    en: 'No unit grid of the city contains this point',
  },
  'grid.invalid_code': { status: 400, zh: '单元网格编码不合法', en: 'Invalid unit grid code' },
  'grid.import_invalid': { status: 422, zh: '导入数据校验未通过', en: 'The import did not pass validation' },
  conflict: { status: 409, zh: '数据冲突', en: 'Conflict' },
  'case.invalid_transition': {
    status: 409,
    zh: '当前状态下不允许该操作',
    en: 'This action is not allowed in the current state',
  },
  'case.not_found': { status: 404, zh: '案件不存在', en: 'Case not found' },
  'case.request_pending': {
    status: 409,
    zh: '该案件已有待审批的申请',
    en: 'The case already has a request waiting for approval',
  },
  'case.no_pending_request': {
    status: 409,
    zh: '该案件没有待审批的此类申请',
    en: 'The case has no such request waiting for approval',
  },
  'case.separation_of_duties': {
    status: 403,
    zh: '不能审核或办结自己经手的事项',
    en: 'You may not judge or approve your own work or request',
  },
  'device.unknown': { status: 404, zh: '设备不存在', en: 'Unknown device' },
  'hydraulics.not_water': {
    status: 400,
    zh: '该设备不在供水水力模型中（仅水厂和加压泵站）',
    en: 'This device is not in the water hydraulic model (water plants and booster stations only)',
  },
  'network.segment_not_found': { status: 404, zh: '管段不存在', en: 'Pipe segment not found' },
  'device.exists': { status: 409, zh: '设备编号已存在', en: 'A device with this id exists' },
  'alarm.not_found': { status: 404, zh: '告警不存在', en: 'Alarm not found' },
  'alarm_rule.not_found': { status: 404, zh: '告警规则不存在', en: 'Alarm rule not found' },
  'alarm_rule.invalid': { status: 422, zh: '告警规则不合法', en: 'The alarm rule is not valid' },
  'hotline.call_not_found': { status: 404, zh: '来电记录不存在', en: 'Call not found' },
  'kb.not_found': { status: 404, zh: '知识库答案不存在', en: 'Knowledge-base answer not found' },
  'command.not_found': { status: 404, zh: '指令不存在', en: 'Command not found' },
  'command.rejected': { status: 422, zh: '指令被拒绝', en: 'Command rejected' },
  'command.invalid_transition': {
    status: 409,
    zh: '指令当前状态下不允许该操作',
    en: 'This action is not allowed in the current state of the command',
  },
  'command.self_confirmation': {
    status: 403,
    zh: '关键指令须由另一名操作员确认',
    en: 'A critical command must be confirmed by another operator',
  },
  'command.confirmation_expired': {
    status: 409,
    zh: '确认时限已过，指令已失效',
    en: 'The confirmation window has passed; the command has expired',
  },
  'alarm.invalid_transition': {
    status: 409,
    zh: '告警当前状态下不允许该操作',
    en: 'This action is not allowed in the current state of the alarm',
  },
  'telemetry.invalid_payload': {
    status: 400,
    zh: '设备上报数据不合法',
    en: 'The device payload is not valid',
  },
  'emergency.not_found': { status: 404, zh: '应急记录不存在', en: 'Emergency record not found' },
  'emergency.invalid_transition': {
    status: 409,
    zh: '当前响应状态下不允许该操作',
    en: 'This change is not allowed in the current state of the response',
  },
  'emergency.signer_required': {
    status: 403,
    zh: '该级别须由预案指定的签发人签发',
    en: 'This level must be signed by a signer the plan names',
  },
  'emergency.bad_key': { status: 401, zh: 'API 密钥无效', en: 'Invalid API key' },
  'emergency.invalid_warning': { status: 400, zh: '预警信息不合法', en: 'The warning is not valid' },
  'payload.too_large': { status: 413, zh: '内容过大', en: 'Payload too large' },
  'attachment.too_many': {
    status: 429,
    zh: '未使用的上传文件过多，请先提交或稍后再试',
    en: 'Too many uploads not yet used in a report or step; send them first or try later',
  },
  unsupported_media: { status: 415, zh: '不支持的文件类型', en: 'Unsupported file type' },
  'suggestion.rate_limited': {
    status: 429,
    zh: '提交过于频繁，请稍后再试',
    en: 'Too many suggestions from here; please try again later',
  },
  'public.rate_limited': {
    status: 429,
    zh: '提交太频繁，请稍后再试',
    en: 'Too many submissions from here; please try again later',
  },
  'public.lookup_limited': {
    status: 429,
    zh: '查询太频繁，请过几分钟再试',
    en: 'Too many tracking-code look-ups from here; please try again in a few minutes',
  },
  'public.code_invalid': {
    status: 400,
    zh: '验证码错误或已过期，请重新获取',
    en: 'The verification code is wrong or has expired; ask for a new one',
  },
  'public.not_closed': {
    status: 409,
    zh: '问题办结后才能评价',
    en: 'You can rate the result once the case is closed',
  },
  'public.already_rated': {
    status: 409,
    zh: '您已评价过本次办理结果',
    en: 'This result has already been rated',
  },
  'pdf.unavailable': {
    status: 503,
    zh: '本服务器未安装 Chromium，无法生成 PDF（可在页面上打印为 PDF）',
    en: 'This server has no Chromium to print PDFs (print the page to PDF instead)',
  },
  'contract.not_found': { status: 404, zh: '合同不存在', en: 'Contract not found' },
  'contract.dispute_state': {
    status: 409,
    zh: '该月考核当前不能申诉或裁定',
    en: 'This month’s assessment cannot be disputed or decided now',
  },
  internal: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    // A 4xx is an answer, not a fault: nobody reads its stack, and capturing one costs more than
    // the lookup that raised it (a point at sea on the grid lookup path).
    // stackTraceLimit is V8's (Node and Chromium); elsewhere setting it does nothing.
    const V8Error = Error as ErrorConstructor & { stackTraceLimit?: number };
    const limit = V8Error.stackTraceLimit;
    if (ERRORS[code].status < 500) V8Error.stackTraceLimit = 0;
    super(message ?? ERRORS[code].en);
    V8Error.stackTraceLimit = limit;
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
}
