// The one dictionary from codes the server sends to words people read: audit actions and their
// targets ("user:5" → 账号 #5), actors ("cli:demo" → 命令行（demo）), import tables, units, and
// the developer text of reasons and sources (ind("x") → the indicator's name, ">=" → "≥",
// "standards §4.1 (xjrb.net) [verified]" → a readable source). Indicator and target names come
// from the catalog (GET /api/v1/indicators, /plan/targets) through stores/labels.ts; everything
// here is pure and unit-tested (tests/unit/labels.test.ts).
import type { Locale } from './format'

type Words = { zh: string; en: string }

export const AUDIT_ACTIONS: Record<string, Words> = {
  'auth.login': { zh: '登录', en: 'Sign-in' },
  'auth.login_failed': { zh: '登录失败', en: 'Failed sign-in' },
  'auth.logout': { zh: '退出登录', en: 'Sign-out' },
  'user.create': { zh: '创建账号', en: 'Account created' },
  'user.update': { zh: '修改账号', en: 'Account changed' },
  'token.create': { zh: '创建 API 令牌', en: 'API token created' },
  'token.revoke': { zh: '吊销 API 令牌', en: 'API token revoked' },
  'data_values.put': { zh: '填报数据', en: 'Values entered' },
  'data_values.put_failed': { zh: '填报数据失败', en: 'Value entry failed' },
  'import.write': { zh: '导入数据', en: 'Import' },
  'import.undo': { zh: '撤销导入', en: 'Import undone' },
  'personal.export': { zh: '导出个人信息', en: 'Personal data exported' },
  'personal.read': { zh: '查看个人信息', en: 'Personal data viewed' },
  'tasks.create': { zh: '新增台账任务', en: 'Task created' },
  'tasks.update': { zh: '修改台账任务', en: 'Task changed' },
  'tasks.progress': { zh: '填报任务进展', en: 'Progress reported' },
  'tasks.evidence': { zh: '上传佐证材料', en: 'Evidence uploaded' },
  'plan.import': { zh: '导入规划', en: 'Plan imported' },
  'plan.delete': { zh: '删除规划', en: 'Plan deleted' },
}

export const ROLES: Record<string, Words> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  county_staff: { zh: '县级业务人员', en: 'County staff' },
  leader: { zh: '领导', en: 'Leader' },
  school: { zh: '学校用户', en: 'School' },
  auditor: { zh: '审计员', en: 'Auditor' },
}

/** Import/export tables (the server's table names). */
export const TABLES: Record<string, Words> = {
  schools: { zh: '学校', en: 'Schools' },
  classes: { zh: '班级', en: 'Classes' },
  students: { zh: '学生', en: 'Students' },
  teachers: { zh: '教师', en: 'Teachers' },
  facilities: { zh: '办学条件', en: 'Facilities' },
  enrolment: { zh: '招生与在校生', en: 'Enrolment' },
  population: { zh: '人口与出生', en: 'Population' },
  births: { zh: '出生人口', en: 'Births' },
  data_values: { zh: '填报数据', en: 'Entered values' },
}

/** Units the API sends in ASCII or as codes. */
export const UNITS: Record<string, Words> = {
  pct: { zh: '%', en: '%' },
  percent: { zh: '%', en: '%' },
  persons: { zh: '人', en: 'persons' },
  count: { zh: '个', en: '' },
  m2: { zh: '㎡', en: 'm²' },
  m2_per_student: { zh: '㎡/生', en: 'm²/student' },
  yuan: { zh: '元', en: 'yuan' },
  yuan_per_student: { zh: '元/生', en: 'yuan/student' },
  years: { zh: '年', en: 'years' },
  ratio: { zh: '', en: '' },
}

/** Verification marks of a source (the bracketed word at the end of a catalog source). */
const MARK_WORDS: Record<string, Words> = {
  verified: { zh: '已核实', en: 'verified' },
  secondary: { zh: '二手来源', en: 'secondary' },
  unverified: { zh: '未核实', en: 'unverified' },
}

/** Well-known documents a catalog source cites by a short English name. */
const SOURCE_DOCS: Record<string, Words> = {
  standards: { zh: '国家标准与办学标准', en: 'National standards' },
  statistics: { zh: '教育事业统计', en: 'Education statistics' },
  plan: { zh: '县教育事业发展规划', en: 'County education plan' },
  yz2017: { zh: '县域义务教育优质均衡发展督导评估办法（2017）', en: 'High-quality balance assessment (2017)' },
  jb2012: { zh: '县域义务教育基本均衡发展督导评估暂行办法（2012）', en: 'Basic balance assessment (2012)' },
  moe: { zh: '教育部文件', en: 'Ministry of Education' },
  local: { zh: '本县规定', en: 'County rule' },
  derived: { zh: '由基础数据计算', en: 'Derived from records' },
  config: { zh: '本系统参数配置', en: 'System setting' },
}

function pick(w: Words | undefined, locale: Locale): string | undefined {
  return w ? (locale === 'en' ? w.en : w.zh) : undefined
}

export function roleLabel(role: string | null | undefined, locale: Locale = 'zh-CN'): string {
  if (!role) return ''
  return pick(ROLES[role], locale) ?? role
}

export function auditActionLabel(action: string, locale: Locale = 'zh-CN'): string {
  const known = pick(AUDIT_ACTIONS[action], locale)
  if (known) return known
  // An action this client does not know yet: its table words and a generic verb, never the code.
  const [table = '', verb = ''] = action.split('.')
  const what = pick(TABLES[table], locale) ?? (locale === 'en' ? 'Record' : '记录')
  const failed = verb.endsWith('failed') ? (locale === 'en' ? ' failed' : '失败') : ''
  return locale === 'en' ? `${what} change${failed}` : `${what}变更${failed}`
}

export function tableLabel(table: string, locale: Locale = 'zh-CN'): string {
  return pick(TABLES[table], locale) ?? (locale === 'en' ? 'Data table' : '数据表')
}

/**
 * Who did it: a username is shown as it is (with the account's display name when known);
 * "cli:<login>" is the command line; "system"/"" the server itself.
 */
export function actorLabel(actor: string, names: ReadonlyMap<string, string> = new Map(), locale: Locale = 'zh-CN'): string {
  const en = locale === 'en'
  if (!actor || actor === 'system') return en ? 'System' : '系统'
  if (actor.startsWith('cli:')) {
    const login = actor.slice(4)
    const who = login === 'demo' ? (en ? 'demo data' : '演示数据生成') : login
    return en ? `Command line (${who})` : `命令行（${who}）`
  }
  if (actor.startsWith('user:')) {
    const id = actor.slice(5)
    return names.get(id) ?? (en ? `Account #${id}` : `账号 #${id}`)
  }
  const name = names.get(actor)
  return name && name !== actor ? `${name}（${actor}）` : actor
}

/** What an audit entry is about: "user:5" → 账号 #5 (or its name), "task:T…" → 台账任务 T…, … */
export function auditTargetLabel(target: string, names: ReadonlyMap<string, string> = new Map(), locale: Locale = 'zh-CN'): string {
  const en = locale === 'en'
  if (!target) return '—'
  const i = target.indexOf(':')
  const kind = i < 0 ? target : target.slice(0, i)
  const id = i < 0 ? '' : target.slice(i + 1)
  switch (kind) {
    case 'user': {
      const name = names.get(id)
      if (name) return en ? `Account ${name}` : `账号 ${name}`
      return /^\d+$/.test(id) ? (en ? `Account #${id}` : `账号 #${id}`) : en ? `Account ${id}` : `账号 ${id}`
    }
    case 'token':
      return en ? `API token #${id}` : `API 令牌 #${id}`
    case 'task':
      return en ? `Task ${id}` : `台账任务 ${id}`
    case 'plan':
      return en ? `Plan ${id}` : `规划 ${id}`
    case 'import':
      return en ? `Import #${id}` : `导入 #${id}`
    case 'table':
      return en ? `Table: ${tableLabel(id, locale)}` : `数据表：${tableLabel(id, locale)}`
    case 'export':
      return en ? `Export: ${tableLabel(id, locale)}` : `导出：${tableLabel(id, locale)}`
    case 'school': {
      const [code = '', part = ''] = id.split('/')
      const what = part === 'students' ? (en ? 'students' : '学生名册') : part === 'teachers' ? (en ? 'teachers' : '教师名册') : ''
      const school = names.get(code) ?? code
      return en ? `School ${school}${what ? ` ${what}` : ''}` : `学校 ${school}${what ? ` ${what}` : ''}`
    }
    default:
      return pick(TABLES[kind], locale) ?? target
  }
}

export function unitLabel(unit: string, locale: Locale = 'zh-CN'): string {
  return pick(UNITS[unit], locale) ?? unit
}

/**
 * A catalog source a person can read: "standards §4.1 (xjrb.net) [verified]" → "国家标准与办学标准
 * 第4.1条（来源网站 xjrb.net，已核实）". Chinese sources pass through with the ASCII marks cleaned.
 */
export function sourceLabel(source: string, locale: Locale = 'zh-CN'): string {
  const en = locale === 'en'
  let s = (source ?? '').trim()
  if (!s) return '—'
  const notes: string[] = []
  s = s.replace(/\[(verified|secondary|unverified)\]/gi, (_, m: string) => {
    notes.push(pick(MARK_WORDS[m.toLowerCase()], locale) ?? m)
    return ''
  })
  s = s.replace(/\(([a-z0-9.-]+\.[a-z]{2,})\)/gi, (_, host: string) => {
    notes.unshift(en ? `site ${host}` : `来源网站 ${host}`)
    return ''
  })
  s = s.replace(/§\s*([\d.]+)/g, (_, n: string) => (en ? `§${n}` : `第${n}条`))
  s = s.replace(/\b([a-z][a-z0-9]*)\b/g, (w: string) => pick(SOURCE_DOCS[w], locale) ?? w)
  s = humanizeSymbols(s).replace(/\s+/g, ' ').trim()
  if (!notes.length) return s
  return en ? `${s} (${notes.join(', ')})` : `${s}（${notes.join('，')}）`
}

/** ASCII comparison and logic symbols as people write them. */
export function humanizeSymbols(text: string): string {
  return text
    .replace(/>=/g, '≥')
    .replace(/<=/g, '≤')
    .replace(/!=/g, '≠')
    .replace(/==/g, '＝')
    .replace(/&&/g, '且')
    .replace(/\|\|/g, '或')
}

/**
 * Server text (status reasons, explain reasons, notes) without code: ind("x") and bare indicator
 * codes become the indicator's name, target ids ("main.preschool_ger") the target's wording,
 * "分母为零：X = 0" plain Chinese, and ASCII symbols the usual ones.
 */
export function humanizeText(
  text: string | null | undefined,
  indicatorName: (code: string) => string | undefined,
  targetName: (id: string) => string | undefined = () => undefined,
  locale: Locale = 'zh-CN',
): string {
  if (!text) return ''
  const en = locale === 'en'
  let s = text
  // 分母为零：ind("kindergarten_enrolment") = 0 → "幼儿园在园人数为 0，无法计算"
  s = s.replace(/分母为零[：:]\s*(?:ind|sum|val)?\(?\s*["']?([a-z][a-z0-9_]*)["']?\s*\)?\s*=\s*0/g, (_, code: string) => {
    const name = indicatorName(code) ?? (en ? 'the base figure' : '计算基数')
    return en ? `${name} is 0, so the value cannot be computed` : `${name}为 0，无法计算`
  })
  s = s.replace(/\b(?:ind|val|sum|param)\(\s*["']([a-z][a-z0-9_.]*)["']\s*\)/g, (_, code: string) => {
    return indicatorName(code) ?? targetName(code) ?? (en ? 'a data item' : '相关数据项')
  })
  // Target ids ("main.preschool_ger", "text.3_2") and bare codes.
  s = s.replace(/\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b/g, (code: string) => {
    return targetName(code) ?? indicatorName(code) ?? indicatorName(code.split('.').pop() ?? '') ?? (en ? 'a data item' : '相关数据项')
  })
  return humanizeSymbols(s)
}

/** Whether text still holds something that looks like code (the e2e check's pattern). */
export const RAW_CODE = /[a-z]+_[a-z_]+|>=|ind\(/
