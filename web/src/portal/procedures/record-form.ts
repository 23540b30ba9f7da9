/**
 * The national record ⇄ the editor's form. The form keeps the national field names and
 * nesting, so a field the server names ("executionMethods[0].fees[1].amount") is the form's
 * field of the same path. Fields the form does not show are kept as they were.
 */
import type { NationalProcedure, Named } from '../../../../src/domain/procedures';
import { numberOrText } from '../rules';

export interface FeeForm {
  name?: string;
  amount?: string;
}
export interface MethodForm {
  submissionMethod?: string;
  processingTime?: string;
  processingTimeUnit?: string;
  fees?: FeeForm[];
  description?: string;
}
export interface ComponentForm {
  name?: string;
  originalQty?: number | null;
  copyQty?: number | null;
  /** The form files of the component, by file name. */
  attachments?: string[];
}
export interface CaseForm {
  name?: string;
  profileComponents?: ComponentForm[];
}

export interface RecordForm {
  code?: string;
  name?: string;
  procedureProposal?: { proposalNumber?: string };
  formalityType?: string;
  isWard?: boolean;
  isProvince?: boolean;
  isMinistry?: boolean;
  isOtherAgency?: boolean;
  categoriesDetails?: Named[];
  subjectTypesDetails?: Named[];
  departmentsAuthority?: Named[];
  departmentsExecuting?: Named[];
  dossierReceivingAddresses?: string;
  executionSteps?: { name?: string; description?: string }[];
  executionMethods?: MethodForm[];
  executionCases?: CaseForm[];
  requirementsAndConditions?: string;
  legalBasisesDetails?: Named[];
  resultsDetails?: Named[];
  keywords?: string;
  description?: string;
}

/** The record's fields the form edits; any other field of the record passes through. */
export const FORM_FIELDS = [
  'code',
  'name',
  'procedureProposal',
  'formalityType',
  'isWard',
  'isProvince',
  'isMinistry',
  'isOtherAgency',
  'categoriesDetails',
  'subjectTypesDetails',
  'departmentsAuthority',
  'departmentsExecuting',
  'dossierReceivingAddresses',
  'executionSteps',
  'executionMethods',
  'executionCases',
  'requirementsAndConditions',
  'legalBasisesDetails',
  'resultsDetails',
  'keywords',
  'description',
] as const satisfies readonly (keyof NationalProcedure & keyof RecordForm)[];

const text = (v: string | number | undefined | null) => (v === undefined || v === null ? undefined : String(v));

export function toForm(r: Partial<NationalProcedure>): RecordForm {
  return {
    code: r.code,
    name: r.name,
    procedureProposal: { proposalNumber: r.procedureProposal?.proposalNumber },
    formalityType: r.formalityType,
    isWard: !!r.isWard,
    isProvince: !!r.isProvince,
    isMinistry: !!r.isMinistry,
    isOtherAgency: !!r.isOtherAgency,
    categoriesDetails: r.categoriesDetails ?? [],
    subjectTypesDetails: r.subjectTypesDetails ?? [],
    departmentsAuthority: r.departmentsAuthority ?? [],
    departmentsExecuting: r.departmentsExecuting ?? [],
    dossierReceivingAddresses: r.dossierReceivingAddresses,
    executionSteps: r.executionSteps ?? [],
    executionMethods: (r.executionMethods ?? []).map((x) => ({
      submissionMethod: x.submissionMethod,
      processingTime: text(x.processingTime),
      processingTimeUnit: x.processingTimeUnit,
      fees: (x.fees ?? []).map((f) => ({ name: f.name, amount: text(f.amount) })),
      description: x.description,
    })),
    executionCases: (r.executionCases ?? []).map((c) => ({
      name: c.name,
      profileComponents: c.profileComponents.map((p) => ({ name: p.name, originalQty: p.originalQty ?? null, copyQty: p.copyQty ?? null, attachments: (p.attachments ?? []).map((a) => a.fileName) })),
    })),
    requirementsAndConditions: r.requirementsAndConditions,
    legalBasisesDetails: r.legalBasisesDetails ?? [],
    resultsDetails: r.resultsDetails ?? [],
    keywords: r.keywords,
    description: r.description,
  };
}

const clean = (v: string | undefined | null) => {
  const s = typeof v === 'string' ? v.trim() : '';
  return s || undefined;
};
const named = (list: Named[] | undefined) => (list ?? []).map((n) => ({ name: clean(n?.name) ?? '', ...(clean(n?.code) ? { code: clean(n.code) } : {}) }));
const level = (ticked: boolean | undefined, before: boolean | undefined) => (ticked ? true : before === undefined ? undefined : false);
const emptyToUndef = <T>(list: T[]) => (list.length ? list : undefined);

/** The record to send: the form's fields over what the record held before. */
export function fromForm(v: RecordForm, base: Partial<NationalProcedure> = {}): NationalProcedure {
  const edited: Record<string, unknown> = {
    code: clean(v.code) ?? '',
    name: clean(v.name) ?? '',
    procedureProposal: clean(v.procedureProposal?.proposalNumber) ? { proposalNumber: clean(v.procedureProposal?.proposalNumber) } : undefined,
    formalityType: clean(v.formalityType),
    // An unticked level the record never stated stays unstated.
    isWard: level(v.isWard, base.isWard),
    isProvince: level(v.isProvince, base.isProvince),
    isMinistry: level(v.isMinistry, base.isMinistry),
    isOtherAgency: level(v.isOtherAgency, base.isOtherAgency),
    categoriesDetails: emptyToUndef(named(v.categoriesDetails)),
    subjectTypesDetails: emptyToUndef(named(v.subjectTypesDetails)),
    departmentsAuthority: emptyToUndef(named(v.departmentsAuthority)),
    departmentsExecuting: emptyToUndef(named(v.departmentsExecuting)),
    dossierReceivingAddresses: clean(v.dossierReceivingAddresses),
    executionSteps: emptyToUndef((v.executionSteps ?? []).map((s) => drop({ name: clean(s?.name), description: clean(s?.description) }))),
    executionMethods: emptyToUndef(
      (v.executionMethods ?? []).map((x) =>
        drop({
          submissionMethod: clean(x?.submissionMethod) ?? '',
          processingTime: numberOrText(x?.processingTime),
          processingTimeUnit: clean(x?.processingTimeUnit),
          fees: emptyToUndef((x?.fees ?? []).map((f) => drop({ name: clean(f?.name), amount: numberOrText(f?.amount) ?? '' }))),
          description: clean(x?.description),
        }),
      ),
    ),
    executionCases: emptyToUndef(
      (v.executionCases ?? []).map((c) =>
        drop({
          name: clean(c?.name),
          profileComponents: (c?.profileComponents ?? []).map((p) =>
            drop({
              name: clean(p?.name) ?? '',
              originalQty: p?.originalQty ?? undefined,
              copyQty: p?.copyQty ?? undefined,
              attachments: emptyToUndef((p?.attachments ?? []).map((f) => f.trim()).filter(Boolean).map((fileName) => ({ fileName }))),
            }),
          ),
        }),
      ),
    ),
    requirementsAndConditions: clean(v.requirementsAndConditions),
    legalBasisesDetails: emptyToUndef(named(v.legalBasisesDetails)),
    resultsDetails: emptyToUndef(named(v.resultsDetails)),
    keywords: clean(v.keywords),
    description: clean(v.description),
  };
  const out: Record<string, unknown> = { ...base };
  for (const k of FORM_FIELDS) out[k] = edited[k];
  return drop(out) as unknown as NationalProcedure;
}

function drop<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** An empty record to start from: one channel in person, one case. */
export const EMPTY_RECORD: Partial<NationalProcedure> = {
  code: '',
  name: '',
  isProvince: true,
  executionMethods: [{ submissionMethod: 'DIRECT' }],
  executionCases: [{ name: '', profileComponents: [] }],
};
