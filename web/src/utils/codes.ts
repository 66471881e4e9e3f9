// Code tables the filters offer (JY/T 1001 办学类型 and 城乡分类, the subset a county's schools
// use). Names are the official Chinese ones; the server returns the name with each school.

export const SCHOOL_TYPES: readonly { code: number; name: string; en: string }[] = [
  { code: 111, name: '幼儿园', en: 'Kindergarten' },
  { code: 211, name: '小学', en: 'Primary school' },
  { code: 218, name: '小学教学点', en: 'Teaching point' },
  { code: 311, name: '初级中学', en: 'Junior middle school' },
  { code: 312, name: '九年一贯制学校', en: '9-year school' },
  { code: 341, name: '完全中学', en: 'Complete middle school' },
  { code: 342, name: '高级中学', en: 'Senior high school' },
  { code: 345, name: '十二年一贯制学校', en: '12-year school' },
  { code: 365, name: '职业高中学校', en: 'Vocational high school' },
  { code: 362, name: '中等技术学校', en: 'Secondary technical school' },
  { code: 514, name: '其他特殊教育学校', en: 'Special education school' },
]

export const URBAN_RURAL: readonly { code: number; name: string; en: string }[] = [
  { code: 1, name: '城镇', en: 'Urban' },
  { code: 111, name: '主城区', en: 'Main urban area' },
  { code: 112, name: '城乡结合区', en: 'Urban fringe' },
  { code: 121, name: '镇中心区', en: 'Town centre' },
  { code: 122, name: '镇乡结合区', en: 'Town fringe' },
  { code: 2, name: '乡村', en: 'Rural' },
  { code: 210, name: '乡中心区', en: 'Township centre' },
  { code: 220, name: '村庄', en: 'Village' },
]

/** Stage names of the API ("primary" …) in Chinese and English. */
export const STAGES: Record<string, { zh: string; en: string; grades: string[] }> = {
  kindergarten: { zh: '学前', en: 'Pre-school', grades: ['小班', '中班', '大班'] },
  primary: { zh: '小学', en: 'Primary', grades: ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'] },
  junior: { zh: '初中', en: 'Junior', grades: ['初一', '初二', '初三', '初四'] },
  general_senior: { zh: '普通高中', en: 'Senior', grades: ['高一', '高二', '高三'] },
  vocational: { zh: '中职', en: 'Vocational', grades: ['中职一年级', '中职二年级', '中职三年级'] },
  special: { zh: '特教', en: 'Special', grades: [] },
}

/** A grade in the usual words: "三年级", "初一", "高三", "中班"; English "Primary G3". */
export function gradeLabel(stage: string, grade: number, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const s = STAGES[stage]
  if (locale === 'en') return `${s?.en ?? stage} G${grade}`
  return s?.grades[grade - 1] ?? `${s?.zh ?? ''}${grade}年级`
}

/** Facility fields of /schools/{code} (教育事业统计 校舍/资产), in display order. */
export const FACILITY_FIELDS: readonly { key: string; zh: string; en: string; unit: string }[] = [
  { key: 'teaching_area_m2', zh: '教学及辅助用房面积', en: 'Teaching floor area', unit: '㎡' },
  { key: 'sports_area_m2', zh: '体育运动场馆面积', en: 'Sports area', unit: '㎡' },
  { key: 'equipment_value_yuan', zh: '教学仪器设备资产值', en: 'Teaching equipment value', unit: '元' },
  { key: 'classrooms', zh: '普通教室', en: 'Classrooms', unit: '间' },
  { key: 'multimedia_rooms', zh: '网络多媒体教室', en: 'Multimedia classrooms', unit: '间' },
  { key: 'labs', zh: '实验室', en: 'Laboratories', unit: '间' },
  { key: 'music_rooms', zh: '音乐专用教室', en: 'Music rooms', unit: '间' },
  { key: 'art_rooms', zh: '美术专用教室', en: 'Art rooms', unit: '间' },
  { key: 'computers', zh: '教学用计算机', en: 'Teaching computers', unit: '台' },
  { key: 'interactive_terminals', zh: '互动式教学终端', en: 'Interactive terminals', unit: '台' },
  { key: 'books', zh: '图书', en: 'Books', unit: '册' },
  { key: 'beds', zh: '学生床位', en: 'Student beds', unit: '张' },
]
