// Administrative division codes (行政区划代码, GB/T 2260): the natural id of a tenant.
// Six digits: province (2) · prefecture (2) · county (2). A prefecture-level city ends in "00";
// a province-level municipality (直辖市, e.g. 110000 北京市) ends in "0000" and acts as a city here.

const provincePrefixes = new Set([
  "11",
  "12",
  "13",
  "14",
  "15",
  "21",
  "22",
  "23",
  "31",
  "32",
  "33",
  "34",
  "35",
  "36",
  "37",
  "41",
  "42",
  "43",
  "44",
  "45",
  "46",
  "50",
  "51",
  "52",
  "53",
  "54",
  "61",
  "62",
  "63",
  "64",
  "65",
  "71",
  "81",
  "82",
]);

export const divisionCodePattern = /^[1-8]\d{5}$/;

export function isDivisionCode(code: string): boolean {
  return divisionCodePattern.test(code) && provincePrefixes.has(code.slice(0, 2));
}

export function isCityCode(code: string): boolean {
  return code.endsWith("00");
}

/** The leading digits a division's children share: 320300 → "3203", 110000 → "11". */
export function childPrefix(cityCode: string): string {
  return cityCode.endsWith("0000") ? cityCode.slice(0, 2) : cityCode.slice(0, 4);
}
