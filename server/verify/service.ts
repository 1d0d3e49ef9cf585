// Public verification of a signed report by the code printed on it: what was signed, by whom and
// when, the SHA-256 of each signed PDF file (so a holder can check their copy), and whether a later
// revision has superseded it. Nothing else of the assessment is shown.
import type { AppContext } from '../context.js';
import { pick } from '../i18n.js';
import { organizationLabel } from '../domain/organization.js';
import type { Locale } from '../domain/questionnaire/schema.js';
import { formatCode, normaliseCode } from '../domain/record/snapshot.js';
import { NotFound } from '../errors.js';
import { findSignedReportByCode, listSignedFiles, listSignedReports } from '../record/signed-repo.js';

const CODE = /^[0-9A-F]{20}$/;

export async function verification(ctx: AppContext, input: string, locale: Locale) {
  const code = normaliseCode(input);
  if (!CODE.test(code)) throw new NotFound();
  const signed = await findSignedReportByCode(ctx.db, code);
  if (!signed) throw new NotFound();
  const { snapshot } = signed;
  const questionnaire = ctx.catalog.get(snapshot.assessment.questionnaireId, snapshot.assessment.questionnaireVersion);
  const later = (await listSignedReports(ctx.db, signed.assessmentId)).filter((s) => s.revision > signed.revision);
  const level = snapshot.result.level;
  return {
    code: formatCode(code),
    organization: organizationLabel(snapshot.organization, locale),
    questionnaire: pick(questionnaire.title, locale),
    version: questionnaire.version,
    revision: signed.revision,
    level,
    levelName: level ? pick(questionnaire.levels[level - 1].name, locale) : null,
    score: snapshot.result.score,
    signedBy: snapshot.signature?.signedBy ?? '—',
    signedAt: signed.signedAt,
    files: await listSignedFiles(ctx.db, signed.id),
    reopenedAt: signed.reopenedAt,
    supersededBy: later[0] ? { revision: later[0].revision, signedAt: later[0].signedAt } : null,
  };
}
