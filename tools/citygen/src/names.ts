import type { Rng } from './rng.js';

/** Splits a whitespace-separated list, so long name pools stay compact. */
const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

/** Street (街道) names that fit each district, used first; invented but in the local style. */
const DISTRICT_STREETS: Readonly<Record<string, readonly string[]>> = {
  '370602': words('向阳 东山 毓璜顶 通伸 凤凰台 奇山 白石 芝罘岛 幸福 只楚 世回尧 黄务'),
  '370613': words('初家 黄海路 滨海路 解甲庄 莱山 院格庄 马山 观海'),
  '370611': words('清洋 福新 东厅 门楼 回里 奇泉 古现 高疃'),
  '370612': words('宁海 文化 武宁 大窑 姜格庄 龙泉 观水 玉林店'),
};

/** Used when a district needs more streets than its own list has. */
const SPARE_STREETS = words(`
  建设 和平 胜利 振华 朝阳 新华 金沙 海韵 银河 青年 南山 北岭 西关
  港湾 鲁东 塔山 环山 清泉 海晏 永安 长安 康宁 兴业 翠屏 金山 芝兰
`);

/** Stems for communities (社区). */
const COMMUNITY_STEMS = words(`
  东山 南山 北岭 西关 海岸 海景 滨海 金海 银河 阳光 幸福 和平 建设 朝阳 福寿 文化 鹿鸣 凤鸣 桃园 梨园
  枫林 松园 翠竹 青年 新村 花园 华府 锦绣 明珠 金沙 芝兰 玉皇 毓秀 庆安 塔山 珠玑 鲁东 黄海 港湾 海晏
  观澜 望海 凤凰 红旗 胜利 解放 人民 新华 葡萄 西南 福禄 环山 虹口 清泉 源泉 山海 滨河 水岸 绿洲 泰和
  嘉和 盛世 恒丰 永安 长安 康宁 安居 丽景 御景 世纪 春晖 秋实 云峰 月亮湾 金城 银滩 翠湖 柳林 杏花 樱桃
  苹果园 渔港 灯塔 船坞 盐场 三官庙 大海阳 二马路 三马路 广仁 德润 奇山 峰山 烟台山 所城 芝罘屯 西沙旺
  东口 北马 南关 官庄 崇文 尚德 励志 乐园 万福 世茂 海悦
`);

/** Compounds, campuses and companies that take responsibility for their own grids. */
const DISTRICT_BODIES: Readonly<Record<string, readonly string[]>> = {
  '370602': words('烟台港集团 毓璜顶医院 烟台山景区管理处 张裕酒文化博物馆 鲁东大学'),
  '370613': words('烟台大学 山东工商学院 滨州医学院烟台校区 烟台国际博览中心 莱山区政务服务中心'),
  '370611': words('万华化学集团 福山经济开发区管委会 福山区人民医院 烟台汽车工程职业学院'),
  '370612': words('养马岛旅游度假区管委会 牟平区人民医院 烟台工贸技师学院'),
};

const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段',
];
const GIVEN = words(`
  伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 华 慧 建国 海燕 志强 晓东 红梅 立新 玉兰
  国庆 春雨 海波 文静 子涵 浩然 雪 鹏 婷 斌 宁 凯 琳 晨 旭 倩 帅 欣怡 俊杰 佳琪 晓梅 振华 建华
`);

/**
 * Hands out names unique across the whole city: district-flavoured ones first, then spares, then
 * numbered variants so it never runs dry.
 */
export class NameBook {
  private readonly usedStreets = new Set<string>();
  private readonly usedCommunities = new Set<string>();
  private readonly communityStems: string[];
  private stemCursor = 0;

  constructor(private readonly rng: Rng) {
    this.communityStems = rng.shuffled(COMMUNITY_STEMS);
  }

  /** Names for `count` streets of a district, e.g. 向阳街道. */
  streetNames(districtCode: string, count: number): string[] {
    const own = this.rng.shuffled(DISTRICT_STREETS[districtCode] ?? []);
    const spare = this.rng.shuffled(SPARE_STREETS);
    const names: string[] = [];
    for (const stem of [...own, ...spare]) {
      if (names.length === count) break;
      const name = `${stem}街道`;
      if (this.usedStreets.has(name)) continue;
      this.usedStreets.add(name);
      names.push(name);
    }
    for (let n = 1; names.length < count; n++) {
      const name = `新区第${n}街道`;
      if (this.usedStreets.has(name)) continue;
      this.usedStreets.add(name);
      names.push(name);
    }
    return names;
  }

  /** A community name such as 东山社区; later ones add a direction, then a number. */
  communityName(): string {
    const suffixes = ['', '东', '西', '南', '北', '新', '中'];
    for (;;) {
      const round = Math.floor(this.stemCursor / this.communityStems.length);
      const stem = this.communityStems[this.stemCursor % this.communityStems.length] ?? '新城';
      this.stemCursor++;
      const suffix = round < suffixes.length ? (suffixes[round] ?? '') : String(round);
      const name = `${stem}${suffix}社区`;
      if (!this.usedCommunities.has(name)) {
        this.usedCommunities.add(name);
        return name;
      }
    }
  }

  /** A named compound or institution of the district that looks after its own grounds. */
  responsibleBody(districtCode: string, communityName: string): string {
    const bodies = DISTRICT_BODIES[districtCode] ?? [];
    if (bodies.length > 0 && this.rng.chance(0.35)) return this.rng.pick(bodies);
    const estate = communityName.replace(/社区$/, '');
    return `${estate}${this.rng.pick(['花园', '小区', '家园', '公寓', '苑'])}物业服务中心`;
  }

  personName(): string {
    return `${this.rng.pick(SURNAMES)}${this.rng.pick(GIVEN)}`;
  }
}
