import { describe, expect, it } from 'vitest';
import { placeNameEn } from './placeNames.js';

describe('English place names', () => {
  it('names districts, streets and communities with their pinyin and an English generic', () => {
    expect(placeNameEn('芝罘区')).toBe('Zhifu District');
    expect(placeNameEn('东山街道')).toBe('Dongshan Subdistrict');
    expect(placeNameEn('新区第3街道')).toBe('Xinqu No. 3 Subdistrict');
    expect(placeNameEn('大海阳社区')).toBe('Dahaiyang Community');
  });

  it('names roads as signs do: direction and ordinal before the road word', () => {
    expect(placeNameEn('胜利路')).toBe('Shengli Road');
    expect(placeNameEn('青年南路')).toBe('Qingnian South Road');
    expect(placeNameEn('港城东大街')).toBe('Gangcheng East Avenue');
    expect(placeNameEn('厦门二路')).toBe('Xiamen 2nd Road');
    expect(placeNameEn('南大街')).toBe('South Avenue');
    expect(placeNameEn('西安路')).toBe("Xi'an Road");
  });

  it('names crossings, house numbers and landmarks', () => {
    expect(placeNameEn('胜利路与北马路交叉口')).toBe('Intersection of Shengli Road and Beima Road');
    expect(placeNameEn('胜利路12号')).toBe('12 Shengli Road');
    expect(placeNameEn('福山区人民医院')).toBe('Fushan District People’s Hospital');
    expect(placeNameEn('套子湾污水处理厂二期')).toBe('Taoziwan Sewage Treatment Plant Phase 2');
    expect(placeNameEn('夹河')).toBe('Jiahe River');
  });

  it('leaves a name without Chinese characters as it is', () => {
    expect(placeNameEn('Harbour Road')).toBe('Harbour Road');
  });
});
