#!/usr/bin/env node
// Screenshots of pages at one size against a running server, for looking at layouts by eye:
//   node web/e2e/shots.mjs --base http://127.0.0.1:18090 --size 390x844 --user leader /overview /plan …
// Each page is shot at the top and, with --scroll N, N more screens down. Files land in
// test-output/web/dev/<size>-<page>-<n>.png.
import path from 'node:path'
import fs from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const args = process.argv.slice(2)
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d)
const base = opt('--base', 'http://127.0.0.1:18090')
const [w, h] = opt('--size', '1366x768').split('x').map(Number)
const user = opt('--user', 'leader')
const scroll = Number(opt('--scroll', '0'))
const pages = args.filter((a, i) => a.startsWith('/') && !['--base', '--size', '--user', '--scroll'].includes(args[i - 1]))
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-output', 'web', 'dev')
fs.mkdirSync(out, { recursive: true })
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'zj-shots-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: w, height: h },
  locale: 'zh-CN',
})
const page = ctx.pages()[0] ?? (await ctx.newPage())
page.on('pageerror', (e) => console.log('pageerror', String(e)))
const r = await page.request.post(`${base}/api/v1/auth/login`, { data: { username: user, password: `${user}-demo` } })
console.log('login', r.status())
for (const p of pages) {
  await page.goto(`${base}${p}`, { timeout: 90000 })
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.waitForTimeout(1200)
  const slug = p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'root'
  for (let i = 0; i <= scroll; i++) {
    const file = path.join(out, `${w}-${slug}-${i}.png`)
    await page.screenshot({ path: file })
    console.log(file)
    await page.mouse.wheel(0, h * 0.9)
    await page.waitForTimeout(300)
  }
}
await ctx.close()
