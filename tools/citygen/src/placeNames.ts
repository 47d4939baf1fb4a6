import { pinyin } from 'pinyin-pro';

/**
 * English names of the city's places, the way Chinese road signs and maps write them: the proper
 * part in pinyin as one word, the generic part translated (芝罘区 → Zhifu District, 胜利路 →
 * Shengli Road, 青年南路 → Qingnian South Road, 厦门二路 → Xiamen 2nd Road, 夹河 → Jiahe River).
 */

/** Whole words of the demo city's facilities, longest first where one holds another. */
const WORDS: ReadonlyArray<readonly [string, string]> = [
  ['生活垃圾综合湿解', 'Household Waste Wet Treatment'],
  ['餐厨垃圾处理', 'Kitchen Waste Treatment'],
  ['污泥干化焚烧', 'Sludge Drying and Incineration'],
  ['国际博览中心', 'International Expo Centre'],
  ['物业服务中心', 'Property Service Centre'],
  ['污水处理厂', 'Sewage Treatment Plant'],
  ['人民政府', 'People’s Government'],
  ['人民医院', 'People’s Hospital'],
  ['供热中心', 'Heating Centre'],
  ['体育公园', 'Sports Park'],
  ['南部', 'Southern'],
  ['北部', 'Northern'],
  ['东部', 'Eastern'],
  ['西部', 'Western'],
  ['新水厂', 'New Waterworks'],
];

/** Generic endings of a name, longest first, and whether they follow a one-syllable stem as pinyin too. */
const GENERICS: ReadonlyArray<readonly [string, string, { road?: boolean; keepShort?: boolean }?]> = [
  ['街道', 'Subdistrict'],
  ['社区', 'Community'],
  ['大街', 'Avenue', { road: true }],
  ['大道', 'Boulevard', { road: true }],
  ['小区', 'Estate'],
  ['公园', 'Park'],
  ['广场', 'Plaza'],
  ['医院', 'Hospital'],
  ['大学', 'University'],
  ['中学', 'Middle School'],
  ['小学', 'Primary School'],
  ['水厂', 'Waterworks'],
  ['政府', 'Government'],
  ['市场', 'Market'],
  ['码头', 'Pier'],
  ['路', 'Road', { road: true }],
  ['街', 'Street', { road: true }],
  ['巷', 'Lane', { road: true }],
  ['区', 'District'],
  ['市', 'City'],
  ['县', 'County'],
  ['镇', 'Town'],
  ['村', 'Village'],
  ['站', 'Station'],
  ['桥', 'Bridge'],
  ['湾', 'Bay', { keepShort: true }],
  ['河', 'River', { keepShort: true }],
  ['山', 'Hill', { keepShort: true }],
];

/** Endings of a stem that is itself an area, named in English on its own (福山区 in 福山区人民医院). */
const AREAS = ['区', '市', '县', '镇', '街道', '社区', '小区'];
const DIRECTIONS: Record<string, string> = { 东: 'East', 西: 'West', 南: 'South', 北: 'North', 中: 'Middle' };
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const nth = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/** Chinese characters as one pinyin word: 毓璜顶 → Yuhuangding, 西安 → Xi'an; other characters kept. */
export function pinyinWord(text: string): string {
  if (!/[\u3400-\u9fff]/.test(text)) return text;
  const syllables = pinyin(text, { toneType: 'none', type: 'array', v: true });
  let word = '';
  for (const s of syllables) {
    const latin = /^[a-z]+$/.test(s);
    // A syllable starting with a vowel after another takes an apostrophe (Xi'an, not Xian).
    if (word && latin && /^[aoe]/.test(s) && /[a-z]$/.test(word)) word += "'";
    else if (word && !latin && /[a-z]$/.test(word) && /^\d/.test(s)) word += ' ';
    word += s;
  }
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The English name of a place of the city (a district, street, community, road, landmark …). */
export function placeNameEn(name: string): string {
  const text = name.trim();
  if (!/[\u3400-\u9fff]/.test(text)) return text;
  // A crossing of two roads, and a house number on a road.
  const crossing = /^(.+?)与(.+?)交叉口$/.exec(text);
  if (crossing) return `Intersection of ${placeNameEn(crossing[1]!)} and ${placeNameEn(crossing[2]!)}`;
  const house = /^(.+?)(\d+)号$/.exec(text);
  if (house) return `${house[2]} ${placeNameEn(house[1]!)}`;
  // A phase of a works: 二期 → Phase 2.
  const phase = /^(.+?)([一二三四五六七八九十])期$/.exec(text);
  if (phase) return `${placeNameEn(phase[1]!)} Phase ${ORDINALS.indexOf(phase[2]!) + 1}`;
  // 新区第3街道 → Xinqu No. 3 Subdistrict.
  const numbered = /^(.*?)第(\d+)(.+)$/.exec(text);
  if (numbered) {
    const generic = GENERICS.find(([zh]) => zh === numbered[3])?.[1];
    return joinWords(pinyinWord(numbered[1]!), `No. ${numbered[2]}`, generic ?? placeNameEn(numbered[3]!));
  }
  for (const [zh, en] of WORDS) {
    if (text === zh) return en;
    if (text.endsWith(zh)) return joinWords(stemEn(text.slice(0, -zh.length)), en);
  }
  for (const [zh, en, how] of GENERICS) {
    if (!text.endsWith(zh) || text.length === zh.length) continue;
    let stem = text.slice(0, -zh.length);
    if (how?.keepShort && [...stem].length === 1) return `${pinyinWord(text)} ${en}`;
    if (how?.road) {
      if (DIRECTIONS[stem]) return `${DIRECTIONS[stem]} ${en}`;
      const words: string[] = [];
      const last = stem.slice(-1);
      if (DIRECTIONS[last] && stem.length > 2) {
        words.unshift(DIRECTIONS[last]);
        stem = stem.slice(0, -1);
      }
      const ord = ORDINALS.indexOf(stem.slice(-1));
      if (ord >= 0 && stem.length > 1) {
        words.unshift(nth(ord + 1));
        stem = stem.slice(0, -1);
      }
      return joinWords(pinyinWord(stem), ...words, en);
    }
    // A stem that is itself a place (福山区人民医院 → Fushan District People's Hospital).
    return joinWords(stemEn(stem), en);
  }
  return pinyinWord(text);
}

/** The proper part before a generic ending: pinyin, or an area's English name (福山区 → Fushan District). */
function stemEn(stem: string): string {
  return AREAS.some((g) => stem.endsWith(g) && stem.length > g.length) ? placeNameEn(stem) : pinyinWord(stem);
}

const joinWords = (...words: string[]) => words.filter((w) => w !== '').join(' ');
