// `npm run seed:demo`: sample organizations, a consultant and assessments in every state, through
// the same services the pages use, so a new installation has something to look at (and the peer
// benchmark has peers). Refuses to run twice. Demo password for every account: see DEMO_PASSWORD.
import { pino } from 'pino';
import { readConfig } from '../server/config.js';
import { createContext, type AppContext } from '../server/context.js';
import { openDatabase } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import type { Answer } from '../server/domain/questionnaire/answers.js';
import { placedQuestions } from '../server/domain/questionnaire/model.js';
import { hashPassword } from '../server/auth/passwords.js';
import { findUserByEmail, insertUser, platformAdminExists } from '../server/auth/users-repo.js';
import { addMember, assignConsultant, insertOrganization } from '../server/orgs/repo.js';
import { openAssessment } from '../server/assessments/access.js';
import { saveAnswers, startAssessment, submitAssessment } from '../server/assessments/service.js';
import { assignSections } from '../server/assessments/assignments.js';
import { dimensionOf } from '../server/assessments/access.js';
import { addReviewNote, replyInThread, reviewAssessment, signOff } from '../server/review/service.js';
import { attachEvidence } from '../server/evidence/service.js';
import { runCli } from './cli.js';
import { demoPdf, demoPng } from './lib/demo-files.js';

const DEMO_PASSWORD = 'zhiping-demo-2026';
const ORGS = [
  { name: '华东精密制造股份有限公司', nameEn: 'East China Precision Manufacturing Co., Ltd.', creditCode: '91320500MA0C1D2E3L', province: '320000', maturity: 0.55 },
  { name: '江南汽车零部件有限公司', nameEn: 'Jiangnan Auto Parts Co., Ltd.', creditCode: '91330200MA0C2D3E4R', province: '330000', maturity: 0.35 },
  { name: '北方装备集团', nameEn: 'Northern Equipment Group', creditCode: '91210100MA0C3D4E56', province: '210000', maturity: 0.7 },
  { name: '岭南电子科技有限公司', nameEn: 'Lingnan Electronic Technology Co., Ltd.', creditCode: '91440300MA0C4D5E6T', province: '440000', maturity: 0.45 },
  { name: '西部重工机械有限公司', nameEn: 'Western Heavy Machinery Co., Ltd.', creditCode: '91510100MA0C5D6E7B', province: '510000', maturity: 0.25 },
  { name: '海峡智能装备有限公司', nameEn: 'Straits Intelligent Equipment Co., Ltd.', creditCode: '91350100MA0C6D7E8Y', province: '350000', maturity: 0.6 },
  { name: '中原机床股份有限公司', nameEn: 'Zhongyuan Machine Tool Co., Ltd.', creditCode: '91410100MA0C7D8E9M', province: '410000', maturity: 0.4 },
  { name: '东海船舶配套有限公司', nameEn: 'Donghai Marine Equipment Co., Ltd.', creditCode: '91310115MA0C8D9E1B', province: '310000', maturity: 0.5 },
];

/** Each demo organization's team besides its org admin; `sections`: parts of the dimension ids they answer. */
const TEAM = [
  { key: 'it', name: '信息化负责人', role: 'respondent' as const, sections: ['data', 'platform', 'tech'] },
  { key: 'data', name: '数据与安全负责人', role: 'respondent' as const, sections: ['security', 'trust', 'governance'] },
  { key: 'ceo', name: '总经理', role: 'viewer' as const, sections: [] as string[] },
];

/** Deterministic answers: lower levels more often met, scaled by the organization's maturity. */
function demoAnswers(ctx: AppContext, maturity: number, seed: number): Map<string, Answer> {
  const q = ctx.catalog.latest().find((x) => x.id === 'enterprise-ai-maturity')!;
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const answers = new Map<string, Answer>();
  for (const { question } of placedQuestions(q)) {
    const level = 'level' in question && question.level ? question.level : 3;
    const p = Math.min(0.97, maturity + (3 - level) * 0.2);
    if (question.type === 'conformance') answers.set(question.id, rnd() < p ? (rnd() < 0.6 ? 1 : 0.8) : rnd() < 0.5 ? 0.5 : 0);
    else if (question.type === 'ladder') answers.set(question.id, Math.max(1, Math.round(maturity * 5 + rnd() - 0.5)));
    else if (question.type === 'yesno') answers.set(question.id, rnd() < p);
    else if (question.type === 'single') answers.set(question.id, question.options[Math.floor(rnd() * question.options.length)].value);
    else if (question.type === 'multiple') answers.set(question.id, question.options.filter(() => rnd() < maturity).map((o) => o.value));
    else if (question.type === 'number') answers.set(question.id, Math.round(rnd() * 60));
    else answers.set(question.id, '以视觉质检和排产优化为主，正在试点设备预测性维护。');
  }
  return answers;
}

runCli(async () => {
  const config = readConfig();
  const handle = openDatabase(config);
  try {
    await migrateToLatest(handle.db);
    if (await findUserByEmail(handle.db, 'consultant@demo.local')) throw new Error('the demo data is already there');
    const ctx = await createContext(config, handle, pino({ level: 'silent' }));
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    if (!(await platformAdminExists(handle.db)))
      await insertUser(handle.db, { email: 'admin@demo.local', name: '平台管理员', passwordHash, isPlatformAdmin: true });
    const consultant = await insertUser(handle.db, { email: 'consultant@demo.local', name: '王顾问', passwordHash, isConsultant: true, affiliation: '华信智能化咨询有限公司' });

    for (const [i, spec] of ORGS.entries()) {
      const user = await insertUser(handle.db, { email: `org${i + 1}@demo.local`, name: `企业管理员 ${i + 1}`, passwordHash });
      const org = await insertOrganization(handle.db, { ...spec, industry: 'manufacturing-discrete', sizeBand: 'large' });
      await addMember(handle.db, org.id, user.id, 'org_admin');
      // The team: two respondents who answer their sections, and an executive who reads the results.
      const team = await Promise.all(
        TEAM.map(async (m) => {
          const member = await insertUser(handle.db, { email: `org${i + 1}-${m.key}@demo.local`, name: m.name, passwordHash });
          await addMember(handle.db, org.id, member.id, m.role);
          return { ...m, user: member };
        }),
      );
      await assignConsultant(handle.db, org.id, consultant.id);
      const assessment = await startAssessment(ctx, user, { orgId: org.id, questionnaireId: 'enterprise-ai-maturity', weightProfile: 'manufacturing', locale: 'zh-CN', title: '2026 年度人工智能能力自评' });
      const q = ctx.catalog.get(assessment.questionnaire_id, assessment.questionnaire_version);
      // Sections by topic: data and platform to the IT lead, security and trust to the data lead, the rest the org admin's.
      const answerer = (dimensionId: string) => team.find((m) => m.sections.some((s) => dimensionId.includes(s)))?.user ?? user;
      await assignSections(ctx, user, await openAssessment(ctx, user, assessment.id), new Map(q.dimensions.map((d) => [d.id, answerer(d.id).id])));
      const answers = demoAnswers(ctx, spec.maturity, i + 11);
      // Each section answered by its assignee, so the pages show who answered what.
      for (const d of q.dimensions) {
        const by = answerer(d.id);
        const changes = new Map([...answers].filter(([id]) => dimensionOf(q, id) === d.id).map(([id, answer]) => [id, { answer }]));
        await saveAnswers(ctx, by, await openAssessment(ctx, by, assessment.id), changes);
      }
      // Evidence on the first question of the first three sections, attached by whoever answers it.
      for (const [n, d] of q.dimensions.slice(0, 3).entries()) {
        const questionId = d.subDimensions[0].questions[0].id;
        const by = answerer(d.id);
        const file =
          n === 1
            ? { name: `系统架构图-${d.id}.png`, bytes: demoPng(320, 200, [[31, 94, 168], [90, 150, 210], [200, 220, 240]]) }
            : { name: `制度文件-${d.id}.pdf`, bytes: await demoPdf(`${spec.nameEn ?? spec.name} - ${d.id}`, `Evidence for ${questionId}: policy approved ${2025 + (i % 2)}.`) };
        await attachEvidence(ctx, by, await openAssessment(ctx, by, assessment.id), questionId, file);
      }
      if (i === ORGS.length - 1) continue; // one stays a draft
      await submitAssessment(ctx, user, await openAssessment(ctx, user, assessment.id));
      if (i === 0) {
        // One waits for review after a round of changes: a flagged question, the organization's reply and
        // changed answer, and a resubmission, so the queue, the thread and "changed since" have something to show.
        const flaggedId = 'st-05';
        const answerer05 = answerer(dimensionOf(q, flaggedId)!);
        await reviewAssessment(ctx, consultant, await openAssessment(ctx, consultant, assessment.id), 'start-review');
        const thread = await addReviewNote(ctx, consultant, await openAssessment(ctx, consultant, assessment.id), {
          questionId: flaggedId,
          adjustedValue: null,
          flagged: true,
          text: '年度计划只列出了两个业务单元的 AI 场景，请补充其余单元的计划或调整答案。',
        });
        await reviewAssessment(ctx, consultant, await openAssessment(ctx, consultant, assessment.id), 'request-changes', '请处理标记的题目后再次提交。');
        await replyInThread(ctx, answerer05, await openAssessment(ctx, answerer05, assessment.id), thread, '已与各业务单元逐一核对，按实际情况修改了答案。');
        const changed = answers.get(flaggedId) === 0.5 ? 0.8 : 0.5;
        await saveAnswers(ctx, answerer05, await openAssessment(ctx, answerer05, assessment.id), new Map([[flaggedId, { answer: changed }]]));
        await submitAssessment(ctx, user, await openAssessment(ctx, user, assessment.id));
        continue;
      }
      const reviewing = await openAssessment(ctx, consultant, assessment.id);
      await addReviewNote(ctx, consultant, reviewing, { questionId: null, adjustedValue: null, text: '整体材料齐全；建议下一年度重点补齐模型上线评测和数据血缘。' });
      await addReviewNote(ctx, consultant, reviewing, { questionId: 'st-05', adjustedValue: 0.5, text: '年度计划中只有两个业务单元列明了 AI 场景，按部分满足计。' });
      const signing = await openAssessment(ctx, consultant, assessment.id);
      await signOff(ctx, consultant, signing, '材料与现场访谈一致，结论可信；建议按改进计划推进模型上线评测和数据血缘建设。');
    }
    console.log(
      `demo data added. Accounts (password ${DEMO_PASSWORD}): admin@demo.local (unless an admin existed), consultant@demo.local, ` +
        `org1@demo.local … org${ORGS.length}@demo.local (org admins), org1-it@demo.local and org1-data@demo.local (respondents), org1-ceo@demo.local (viewer), and the same for each organization`,
    );
  } finally {
    await handle.close();
  }
});
