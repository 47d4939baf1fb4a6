import type { KbText } from './hotline.repository.js';

/**
 * The demo city's knowledge base: what 12319 seats are asked most (fees, permits, stalls, heating,
 * water, gas, sanitation, where to report), in the bureau's words and in English. Plausible
 * answers for a demonstration, not the rules of any real city.
 */
export const DEMO_KB: ReadonlyArray<{ category: string } & KbText> = [
  {
    category: 'fees',
    question: '生活垃圾处理费怎么收？',
    answer:
      '居民生活垃圾处理费随水费代征，每吨用水加收0.3元；非居民单位按月向所在区城管局申报缴纳。对收费有疑问可携缴费凭证到区城管局政务窗口咨询。',
    questionEn: 'How is the household waste fee charged?',
    answerEn:
      'Households pay the waste fee with their water bill (0.30 yuan per tonne of water); businesses declare and pay it monthly to their district bureau. Bring your receipts to the district bureau’s service window with any questions.',
    keywords: '垃圾费 卫生费 收费 水费 waste fee',
  },
  {
    category: 'fees',
    question: '占道停车收费标准是多少？',
    answer:
      '城区道路临时停车泊位首小时2元，之后每小时1元，夜间20:00至次日7:00每次2元；新能源车首2小时免费。收费员须出具电子票据，多收费可拨打12319投诉。',
    questionEn: 'What does on-street parking cost?',
    answerEn:
      'On-street bays in the city: 2 yuan for the first hour, then 1 yuan an hour; 20:00–07:00 a flat 2 yuan. Electric cars park free for the first two hours. Attendants must give an electronic receipt; report overcharging to 12319.',
    keywords: '停车费 泊位 收费 parking',
  },
  {
    category: 'permits',
    question: '临时占用城市道路（占道施工、堆放物料）怎么审批？',
    answer:
      '向所在区政务服务中心城管窗口申请，需提供申请表、营业执照或身份证、占用位置平面图和安全措施，一般5个工作日内办结；占用期间须设置围挡和警示标志，到期恢复原状。',
    questionEn: 'How do I get a permit to occupy a road temporarily (works, materials)?',
    answerEn:
      'Apply at the urban-management window of your district service centre with the form, your business licence or ID, a site plan and the safety measures; it usually takes 5 working days. Fence and sign the site, and restore it when the permit ends.',
    keywords: '占道 挖掘 施工 审批 许可 road works permit',
  },
  {
    category: 'permits',
    question: '户外广告、门头牌匾设置需要办什么手续？',
    answer:
      '设置户外广告或门头牌匾须经区城管局审批，提交设置申请、设计效果图、产权人同意书和结构安全证明，符合《烟台市户外广告设置规划》的一般10个工作日内办结。',
    questionEn: 'What do I need to put up an outdoor advertisement or a shop sign?',
    answerEn:
      'Outdoor advertisements and shop signs need the district bureau’s approval: the application, design drawings, the owner’s consent and a structural safety certificate. Signs that fit the city’s outdoor-advertising plan are approved within 10 working days.',
    keywords: '广告 牌匾 招牌 门头 sign advertisement',
  },
  {
    category: 'permits',
    question: '装修垃圾、渣土怎么申请清运？',
    answer:
      '装修垃圾须装袋后堆放到小区指定点，由物业联系有资质的清运单位运走；工地渣土运输须办理《建筑垃圾运输处置证》，车辆密闭运输，按核准路线和时间行驶。',
    questionEn: 'How do I get renovation waste or spoil removed?',
    answerEn:
      'Bag renovation waste and leave it at your estate’s collection point; the property manager calls a licensed hauler. Spoil from building sites needs a construction-waste transport permit and covered trucks on the approved route and hours.',
    keywords: '装修垃圾 渣土 建筑垃圾 清运 renovation waste',
  },
  {
    category: 'stalls',
    question: '在哪里可以摆摊？需要办证吗？',
    answer:
      '可在各区公布的便民疏导点、夜市经营，向疏导点管理方登记即可，无需另办占道许可；经营时间一般为17:00至22:00，须自备垃圾桶、收摊清场。疏导点以外的人行道、主干道禁止摆摊。',
    questionEn: 'Where may I set up a street stall, and do I need a permit?',
    answerEn:
      'At the convenience trading points and night markets each district publishes: register with the point’s manager, no road permit needed. Hours are usually 17:00–22:00; bring a bin and clear up when you close. Stalls are not allowed on pavements and main roads elsewhere.',
    keywords: '摆摊 地摊 夜市 疏导点 流动摊贩 stall night market',
  },
  {
    category: 'stalls',
    question: '店外经营、跨门营业会怎么处理？',
    answer:
      '商户不得超出门窗外墙摆卖、作业。首次发现由执法队员劝导整改，拒不整改的依照《城市市容和环境卫生管理条例》责令改正并可处罚款。可拨打12319反映具体地址。',
    questionEn: 'What happens to shops trading outside their door?',
    answerEn:
      'Shops may not sell or work beyond their front wall. The first time, enforcement officers ask them to stop; those who refuse are ordered to correct it and may be fined under the city appearance regulations. Call 12319 with the address.',
    keywords: '出店经营 跨门 占道经营 shop outside',
  },
  {
    category: 'heating',
    question: '今年什么时候开始供暖？',
    answer:
      '城区集中供热期为11月15日至次年4月5日，遇持续低温可提前或延长，以市城管局公告为准。正式供暖前约一周试运行，请家中留人检查暖气是否漏水。',
    questionEn: 'When does the heating season start?',
    answerEn:
      'District heating runs from 15 November to 5 April; it may start earlier or run longer in a cold spell, as the city bureau announces. About a week before, the system is test-run: have someone at home to check the radiators for leaks.',
    keywords: '供暖 暖气 供热期 开栓 heating season',
  },
  {
    category: 'heating',
    question: '暖气不热怎么办？室温标准是多少？',
    answer:
      '供暖期居民室温应不低于18℃。先检查阀门是否打开、暖气片是否需要排气；仍不热请拨打供热企业服务电话或12319报修，维修人员24小时内上门，测温不达标的按规定退费。',
    questionEn: 'My radiators are not warm: what is the standard room temperature?',
    answerEn:
      'During the season homes must be at least 18 °C. Check the valves are open and bleed the radiators; if it is still cold, call the heating company or 12319. A technician comes within 24 hours, and a measured shortfall is refunded by the rules.',
    keywords: '暖气不热 室温 测温 退费 cold radiator',
  },
  {
    category: 'heating',
    question: '供热费怎么交？停供需要办什么？',
    answer:
      '住宅供热费按建筑面积每平方米每季23元计收，可通过供热企业营业厅、银行或"爱山东"APP缴纳。申请停供须在10月31日前到供热企业办理，停供期间按规定缴纳基本热费。',
    questionEn: 'How do I pay for heating, and how do I opt out?',
    answerEn:
      'Homes pay 23 yuan per square metre of floor area per season, at the heating company’s offices, a bank or the "爱山东" app. Opting out must be arranged with the heating company by 31 October; a basic charge is still due while out.',
    keywords: '供热费 取暖费 缴费 停供 heating fee',
  },
  {
    category: 'water',
    question: '家里停水了，什么时候恢复？',
    answer:
      '计划停水会提前24小时在小区和供水公司网站公告；突发停水请告知小区名称和楼号，我们转供水公司抢修，一般4小时内恢复或安排送水。可关注"烟台供水"公众号查看停水信息。',
    questionEn: 'The water is off at home: when will it come back?',
    answerEn:
      'Planned cuts are announced 24 hours ahead in the estate and on the water company’s site. For a sudden cut tell us the estate and building: the water company repairs it, usually within 4 hours, or brings water. The company’s WeChat account lists current cuts.',
    keywords: '停水 断水 水压低 供水 water cut',
  },
  {
    category: 'water',
    question: '水费标准是多少？怎么缴纳？',
    answer:
      '居民用水实行阶梯水价：每户每年180吨以内3.55元/吨，181至260吨4.55元/吨，260吨以上6.55元/吨（含污水处理费）。可在供水营业厅、银行及微信、支付宝缴纳。',
    questionEn: 'What does water cost and how do I pay?',
    answerEn:
      'Household water has tiered prices: up to 180 t a year 3.55 yuan/t, 181–260 t 4.55 yuan/t, above 260 t 6.55 yuan/t (sewage charge included). Pay at the water company’s offices, a bank, WeChat or Alipay.',
    keywords: '水费 阶梯水价 缴费 water price',
  },
  {
    category: 'gas',
    question: '闻到燃气味怎么办？',
    answer:
      '立即关闭燃气总阀，打开门窗通风，不要开关电器、不要使用明火和手机，撤离到室外后拨打燃气公司24小时抢修电话或119。本热线同时转燃气公司紧急处置。',
    questionEn: 'I smell gas: what should I do?',
    answerEn:
      'Close the main gas valve, open doors and windows, do not touch switches, flames or your phone inside; go outside and call the gas company’s 24-hour emergency line or 119. The hotline also passes it to the gas company at once.',
    keywords: '燃气泄漏 煤气味 漏气 gas leak smell',
  },
  {
    category: 'gas',
    question: '燃气开户、改管怎么办理？',
    answer:
      '新房开户携房产证、身份证到燃气公司营业厅办理；室内燃气管道改动必须由燃气公司专业人员施工，个人不得私自改装。安检人员上门须出示工作证，可拨打燃气公司电话核实。',
    questionEn: 'How do I open a gas account or have pipes moved?',
    answerEn:
      'Open an account at the gas company’s office with your deed and ID. Only the gas company’s staff may alter indoor gas pipes; never do it yourself. Inspectors who call carry a staff card, which you can check with the company by phone.',
    keywords: '燃气开户 改管 安检 gas account pipes',
  },
  {
    category: 'sanitation',
    question: '垃圾分类怎么分？大件垃圾怎么处理？',
    answer:
      '生活垃圾分为可回收物、有害垃圾、厨余垃圾和其他垃圾四类，按小区分类桶投放。家具等大件垃圾请预约物业或拨打12319登记，环卫部门每周定时上门收运，不得随意丢弃在路边。',
    questionEn: 'How is waste sorted, and what about bulky waste?',
    answerEn:
      'Household waste is sorted into recyclables, hazardous, kitchen and other waste, each in its own bin at your estate. For furniture and other bulky items book with your property manager or 12319: sanitation collects weekly. Do not leave them at the roadside.',
    keywords: '垃圾分类 大件垃圾 家具 回收 waste sorting bulky',
  },
  {
    category: 'reporting',
    question: '发现城市管理问题怎么反映？多久处理？',
    answer:
      '可拨打12319热线、登录"网上民声"或在城管公众号上报，说明位置和问题并可上传照片。受理后按类别时限处置：一般问题3个工作日内、紧急问题2小时内；处理完成后我们会回访。',
    questionEn: 'How do I report a problem in the city, and how long does it take?',
    answerEn:
      'Call 12319, write to the online letters service or report in the bureau’s WeChat account with the place and a photo. Each kind of problem has its time limit: ordinary ones within 3 working days, urgent ones within 2 hours; we call you back when it is done.',
    keywords: '投诉 举报 反映 上报 时限 回访 report complaint',
  },
  {
    category: 'reporting',
    question: '如何查询我反映问题的办理进度？',
    answer:
      '受理时会告知案件编号，可凭编号在城管公众号或门户网站"进度查询"查看，也可拨打12319报编号查询。办结后有回访，对结果不满意可提出，我们会重新交办。',
    questionEn: 'How can I follow up on a problem I reported?',
    answerEn:
      'You are given a case number when we take the report: look it up under "track my report" on the portal or WeChat account, or call 12319 with it. We call you back when it is closed; if you are not satisfied, say so and the case is sent back for rework.',
    keywords: '进度 查询 编号 办理结果 track status',
  },
];
