import type { Db } from '../../db/db.js';
import * as repo from './suggestions.repository.js';

/** Residents' suggestions of the demo campaign: [topic, content, district]. */
const DEMO: Array<[string, string, string]> = [
  ['parking', '希望在幸福街道老旧小区周边增设夜间限时停车泊位，缓解居民停车难。', '370602'],
  ['parking', '建议在芝罘区医院周边规划临时停车点，减少路边乱停乱放。', '370602'],
  ['parking', '莱山区大学城周边共享单车乱停放严重，建议划定停放区并加强清理。', '370613'],
  ['greening', '滨海路沿线绿地建议增加休息座椅和遮阳设施，方便老人散步休息。', '370602'],
  ['greening', '建议在福山区河滨公园增种乔木，夏天树荫太少。', '370611'],
  ['greening', '小区门口绿化带长期缺株，希望补种并定期修剪。', '370613'],
  ['sanitation', '建议在早市周边增加垃圾分类投放点，收市后及时清扫。', '370602'],
  ['sanitation', '牟平区部分背街小巷清扫不及时，希望延长保洁时段。', '370612'],
  ['sanitation', '公共厕所夜间关闭太早，建议延长开放时间至22点。', '370602'],
  ['sanitation', '建议在海滨浴场增设临时垃圾箱，旺季加密清运。', '370613'],
  ['roads', '南大街人行道地砖松动多处，雨天溅水，希望整体翻修。', '370602'],
  ['roads', '胜利路与北马路交叉口盲道被占用，建议清理并设置隔离桩。', '370602'],
  ['roads', '福山区老城区道路坑洼较多，希望列入年度维修计划。', '370611'],
  ['roads', '建议在学校周边增设减速带和学生过街安全岛。', '370613'],
  ['lighting', '观海路北段路灯间距过大，夜间昏暗，建议加密路灯。', '370613'],
  ['lighting', '老旧小区内部道路没有路灯，希望纳入照明改造。', '370612'],
  ['lighting', '过街地下通道照明不足，建议更换节能灯具。', '370602'],
  ['markets', '希望规范夜市摊位，划定经营区域，既方便群众又不影响通行。', '370602'],
  ['markets', '建议为流动商贩设置便民疏导点，早晚限时经营。', '370611'],
  ['markets', '农贸市场周边占道经营严重，建议引导入市经营。', '370612'],
  ['utilities', '冬季供热温度不达标的小区较多，建议加强供热巡查。', '370602'],
  ['utilities', '雨季积水点建议提前疏通排水管网。', '370613'],
  ['utilities', '老旧小区燃气管道老化，希望加快改造。', '370611'],
  ['facilities', '建议在公园增设直饮水点和公共充电设施。', '370613'],
  ['facilities', '海边步道缺少无障碍坡道，轮椅通行困难。', '370602'],
  ['facilities', '建议在主要路口设置城市管理服务站，方便环卫工人休息。', '370612'],
  ['facilities', '户外广告牌老化，存在安全隐患，建议排查更换。', '370602'],
  ['other', '建议城管执法更多采用劝导方式，先教育后处罚。', '370611'],
  ['other', '希望开通网上预约建筑垃圾清运服务。', '370613'],
  ['other', '建议公开12319热线办理结果，便于群众监督。', '370602'],
  ['greening', '建议利用边角地建设口袋公园。', '370612'],
  ['parking', '建议推广错时共享停车，机关单位夜间开放停车场。', '370602'],
  ['sanitation', '建议在旅游景点增设宠物粪便收集箱。', '370613'],
  ['roads', '建议对背街小巷进行提升改造，改善出行环境。', '370612'],
  ['lighting', '滨海景观亮化夜间关闭过早，建议延长至23点。', '370602'],
  ['markets', '建议早餐摊点统一配置餐车，提升卫生水平。', '370613'],
];

const NAMES = ['王先生', '李女士', '张先生', '刘女士', '陈先生', '杨女士', '赵先生', '孙女士', null];
const REPLY_ADOPTED =
  '您的建议已被采纳，列入2026年为民服务实事项目，交责任单位限期办理，办理完成后将回访您。';
const REPLY_DECLINED =
  '感谢您的建议。经研究，该事项不属于城管部门职责或已纳入其他计划，我们已转告相关部门，暂不列入本年度实事项目。';
const DONE_NOTE = '已按建议完成整改，现场已验收。';

/**
 * The demo campaign's suggestions, as they would stand in December: most decided, the adopted
 * ones with units and deadlines, many carried out and their proposers called back (mostly
 * satisfied, as the bureau reports above 98 %). Deterministic: the same city every time.
 */
export async function seedDemoSuggestions(db: Db, campaignId: number, now: Date): Promise<void> {
  const units = (
    await db.query<{ id: number }>(`select id from departments where active order by id limit 12`)
  ).rows.map((r) => r.id);
  const districts = new Set(
    (await db.query<{ code: string }>(`select code from districts`)).rows.map((r) => r.code),
  );
  const day = 86_400_000;
  await db.tx(async (q) => {
    for (const [i, [topic, content, district]] of DEMO.entries()) {
      const at = new Date(now.getTime() - (300 - i * 7) * day);
      const name = NAMES[i % NAMES.length] ?? null;
      const phone = i % 5 === 4 ? null : `139${String(5350_0000 + i * 7919).padStart(8, '0')}`;
      const id = await repo.insertSuggestion(q, {
        code: `JY-2026-DEMO${String(i + 1).padStart(4, '0')}`,
        campaignId,
        channel: i % 3 === 0 ? 'hotline' : 'web',
        topic,
        content,
        name,
        phone,
        districtCode: districts.has(district) ? district : null,
        recordedBy: null,
        at,
      });
      const ev = (action: string, when: Date, payload: object) =>
        repo.insertEvents(q, [id], { action, actorId: null, actorSystem: 'system:seed', at: when, payload });
      await ev('submit', at, { channel: i % 3 === 0 ? 'hotline' : 'web' });
      if (i >= 32) continue; // the newest are still to be decided
      const decidedAt = new Date(at.getTime() + 12 * day);
      const adopted = i % 4 !== 3;
      await repo.update(q, [id], {
        status: adopted ? 'adopted' : 'not_adopted',
        reply: adopted ? REPLY_ADOPTED : REPLY_DECLINED,
        decided_at: decidedAt,
      });
      await ev('decide', decidedAt, { status: adopted ? 'adopted' : 'not_adopted' });
      let visitable = !adopted;
      if (adopted && units.length > 0 && i < 30) {
        const unitId = units[i % units.length]!;
        const due = new Date(decidedAt.getTime() + (i < 24 ? 60 : 180) * day);
        await repo.update(q, [id], { unit_id: unitId, task_due_at: due });
        await ev('assign', decidedAt, { unitId, dueAt: due });
        if (i < 24) {
          const doneAt = new Date(decidedAt.getTime() + (20 + (i % 30)) * day);
          await repo.update(q, [id], { task_done_at: doneAt, task_note: DONE_NOTE });
          await ev('done', doneAt, { note: DONE_NOTE });
          visitable = true;
        }
      }
      if (visitable && phone && i < 26) {
        const visitedAt = new Date(decidedAt.getTime() + 55 * day);
        const reached = i % 11 !== 7;
        const satisfaction = !reached ? null : i % 13 === 5 ? 'basically_satisfied' : 'satisfied';
        await repo.update(q, [id], {
          visit_result: reached ? 'reached' : 'unreached',
          visit_satisfaction: satisfaction,
          visited_at: visitedAt,
        });
        await ev('visit', visitedAt, { reached, satisfaction });
      }
    }
  });
}
