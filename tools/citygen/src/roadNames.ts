import type { Rng } from './rng.js';

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

/**
 * Stems for road names in the style of Yantai's: the old town's own names, the development
 * zones' mountains, rivers and cities, and the plain words of the 1950s–80s.
 */
const STEMS = words(`
  幸福 芝罘 毓璜顶 所城 珠玑 只楚 塔山 鹿鸣 奇山 大海阳 西南河 三马 二马 海岸 滨河 福禄 庆安 广仁
  泰山 华山 衡山 嵩山 恒山 黄山 庐山 崂山 蒙山 沂山 峨眉 昆仑 天山 长白山 太行 祁连 武夷 井冈 普陀
  九华 五台 雁荡 秦岭 燕山 长江 黄河 珠江 淮河 汉江 湘江 赣江 闽江 松花江 辽河 海河 漓江 钱塘 嘉陵
  岷江 沂河 汶河 北京 上海 天津 重庆 南京 杭州 苏州 济南 青岛 威海 潍坊 淄博 临沂 日照 德州 聊城
  泰安 东营 滨州 菏泽 枣庄 济宁 大连 沈阳 长春 福州 厦门 广州 深圳 武汉 成都 西安 兰州 太原 郑州
  合肥 南昌 长沙 昆明 贵阳 南宁 海口 银川 西宁 和平 民主 友谊 团结 建设 解放 人民 红旗 东风 朝阳
  光明 新华 振兴 繁荣 兴隆 富强 文明 和谐 安康 康乐 吉祥 如意 长青 复兴 永安 长安 桃花 杏花 梨园
  枫林 松林 柳林 槐树 银杏 海棠 丁香 玉兰 樱花 紫荆 梧桐 翠竹 芙蓉 牡丹 芍药 月季 蔷薇 海港 海滨
  海月 海韵 海天 观潮 望海 听涛 揽月 渔港 航海 港湾 灯塔 春晖 秋实 金山 银山 金沙 翠屏 云峰 丽水
  清泉 明珠 鸿福 瑞祥 丰泽 嘉禾 锦绣 华府 世纪 天马 凤凰 黄务 葡萄 龙泉 鲁东 朝晖 向阳 红光 曙光
  新安 兴华 育才 崇文 尚德 启明 远航 长风 松涛 海燕 白石 金桥 玉带 瑞昌 福泰 永丰 宏达 恒通 通达
`);

const ORDINALS = words('一 二 三 四 五 六 七 八 九 十');

/** The part of a road's name before its generic ending: 胜利路 → 胜利, 港城东大街 → 港城东. */
export function roadStem(name: string): string {
  return name.replace(/(大街|大道|南路|北路|东路|西路|路|街|巷)$/, '');
}

/** Hands out road names unique across the city. */
export class RoadNames {
  private readonly used = new Set<string>();
  private readonly usedStems = new Set<string>();
  private readonly stems: string[];
  private cursor = 0;

  constructor(rng: Rng, reserved: readonly string[]) {
    this.stems = rng.shuffled(STEMS);
    for (const name of reserved) this.reserve(name);
  }

  /** Keeps a given name (a planned arterial's) and its stem from being handed out again. */
  reserve(name: string): void {
    this.used.add(name);
    this.usedStems.add(roadStem(name));
  }

  /** A fresh stem; numbered ones once the list runs dry. */
  freshStem(): string {
    for (;;) {
      const n = this.cursor++;
      const base = this.stems[n % this.stems.length] ?? '新城';
      const round = Math.floor(n / this.stems.length);
      const stem = round === 0 ? base : `${base}${ORDINALS[round] ?? round}`;
      if (!this.usedStems.has(stem)) {
        this.usedStems.add(stem);
        return stem;
      }
    }
  }

  /** `stem + ending` if no road has that name yet, else null. */
  take(stem: string, ending: string): string | null {
    const name = `${stem}${ending}`;
    if (this.used.has(name)) return null;
    this.used.add(name);
    return name;
  }

  /** The name of a street counted from the road it is named after: 胜利 + 2 → 胜利二路. */
  ordinal(stem: string, n: number, ending: string): string | null {
    const ord = ORDINALS[n - 1];
    return ord === undefined ? null : this.take(`${stem}${ord}`, ending);
  }
}
