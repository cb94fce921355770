// A national-scale dataset written straight to the tables (raw prepared INSERTs in one transaction,
// the technique of test/http/compliance.test.ts): one province-like root with 600 organisations under
// it, 20 000 systems with approved level decisions and the 4 layers, 60 000 assessments with findings,
// 30 000 operators with assignments, certificates and knowledge updates, and checklist answers for
// every applicable item of every system.
import type { Db } from '../src/db/client.js';
import { searchTextFor } from '../src/db/search-text.js';
import { applicableItems } from '../src/domain/catalog/index.js';

export interface Sizes {
  organisations: number;
  systems: number;
  operators: number;
  assessments: number;
}

export const FULL: Sizes = { organisations: 600, systems: 20_000, operators: 30_000, assessments: 60_000 };

export interface Generated {
  rootId: number;
  /** a department (second level) with a subtree of units under it */
  departmentId: number;
  /** a system with everything: the one the system page and the printed checklist are measured on */
  sampleSystemId: number;
  counts: Record<string, number>;
}

const NAMES = [
  'Cổng dịch vụ công',
  'Hệ thống quản lý văn bản và điều hành',
  'Cơ sở dữ liệu dân cư chuyên ngành',
  'Hệ thống thư điện tử công vụ',
  'Phần mềm một cửa điện tử',
  'Hệ thống quản lý hồ sơ sức khỏe',
  'Cổng thông tin điện tử',
  'Hệ thống giám sát giao thông',
];
const pad = (n: number) => String(n).padStart(2, '0');

export function generate(db: Db, sizes: Sizes = FULL): Generated {
  const c = db.$client;
  const counts: Record<string, number> = {};
  const bump = (k: string, n = 1) => (counts[k] = (counts[k] ?? 0) + n);
  let rootId = 0;
  let departmentId = 0;
  let sampleSystemId = 0;

  // a throw-away dataset: its one big transaction may skip the per-commit fsync the app keeps (synchronous
  // = FULL, src/db/client.ts); the connection gets FULL back for whatever the caller measures next
  c.pragma('synchronous = NORMAL');
  c.transaction(() => {
    const org = c.prepare(`INSERT INTO organisations (code, name_vi, parent_id, kind, search_text) VALUES (?, ?, ?, ?, ?)`);
    const addOrg = (code: string, name: string, parent: number | null, kind: 'agency' | 'provider' = 'agency') => {
      bump(kind === 'agency' ? 'organisations' : 'providers');
      return Number(org.run(code, name, parent, kind, searchTextFor({ code, nameVi: name })).lastInsertRowid);
    };
    // the tree: root → 40 departments → units (some units have sub-units), 600 agencies in all
    rootId = addOrg('TINH-QG', 'Ủy ban nhân dân tỉnh Quốc Gia', null);
    const agencies: number[] = [rootId];
    const departments: number[] = [];
    const nDept = Math.min(40, sizes.organisations - 1);
    for (let d = 0; d < nDept; d++) departments.push(addOrg(`SO-${d}`, `Sở chuyên ngành số ${d}`, rootId));
    agencies.push(...departments);
    const units: number[] = [];
    for (let u = 0; agencies.length < sizes.organisations; u++) {
      const parent = u % 4 === 3 && units.length ? units[(u * 7) % units.length]! : departments[u % departments.length]!;
      const id = addOrg(`DV-${u}`, `Đơn vị trực thuộc số ${u}`, parent);
      units.push(id);
      agencies.push(id);
    }
    departmentId = departments[0]!;
    const providers = [0, 1, 2, 3, 4].map((p) => addOrg(`CTY-${p}`, `Công ty An toàn thông tin ${p}`, null, 'provider'));

    const drill = c.prepare(`INSERT INTO drills (organisation_id, date, kind, scenario) VALUES (?, ?, 'tabletop', 'Mã độc tống tiền')`);
    const budget = c.prepare(`INSERT INTO budgets (organisation_id, year, it_budget, security_spending) VALUES (?, 2026, 1000, ?)`);
    for (const [i, id] of agencies.entries()) {
      if (i % 2 === 0) {
        drill.run(id, `2026-${pad(1 + (i % 9))}-01`);
        bump('drills');
      }
      budget.run(id, 50 + (i % 100));
      bump('budgets');
    }

    const sysStmt = c.prepare(
      `INSERT INTO systems (code, name_vi, owner_id, operator_id, system_type, lifecycle_status, go_live_date, domestic_products_note, search_text)
       VALUES (?, ?, ?, ?, 'public_service', ?, ?, ?, ?)`,
    );
    const dec = c.prepare(
      `INSERT INTO level_decisions (system_id, regime, answers, computed_level, proposed_level, proposal_reason, dossier_status, appraisal_body, appraisal_date, approval_number, approval_date, approving_body, regulation_number, regulation_date)
       VALUES (?, ?, '{"systemType":"public_service","handlesAdministrativeProcedures":true}', 1, ?, 'Theo yêu cầu', 'approved', 'Sở Thông tin và Truyền thông', '2023-01-10', ?, ?, 'UBND tỉnh', 'QC-1', '2023-01-05')`,
    );
    const l1 = c.prepare(`INSERT INTO layer1_designations (system_id, security_unit_id, decision_number, decision_date) VALUES (?, ?, '01/QĐ', '2023-01-01')`);
    const l2 = c.prepare(`INSERT INTO layer2_monitoring (system_id, mode, provider_id, contract_number, start_date, end_date) VALUES (?, 'provider', ?, 'GS-01', '2023-01-01', ?)`);
    const l3 = c.prepare(`INSERT INTO engagements (system_id, assessor_kind, assessor_id, start_date, end_date) VALUES (?, 'in_house', ?, '2023-01-01', NULL)`);
    const l4 = c.prepare(`INSERT INTO layer4_connections (system_id, centre, status, connection_date) VALUES (?, 'provincial', 'connected', '2023-02-01')`);
    const asm = c.prepare(`INSERT INTO assessments (system_id, assessor_id, kind, performed_date) VALUES (?, ?, 'periodic', ?)`);
    const fnd = c.prepare(`INSERT INTO findings (assessment_id, system_id, title, severity, due_date) VALUES (?, ?, ?, ?, ?)`);
    const op = c.prepare(`INSERT INTO operators (full_name, organisation_id) VALUES (?, ?)`);
    const asg = c.prepare(`INSERT INTO operator_assignments (operator_id, system_id, role, from_date) VALUES (?, ?, ?, '2023-01-01')`);
    const cert = c.prepare(`INSERT INTO certificates (operator_id, kind, name, number, issuer, issue_date, expiry_date) VALUES (?, 'national_in_depth', 'Chứng nhận chuyên sâu', ?, 'Bộ Công an', '2024-01-01', ?)`);
    const upd = c.prepare(`INSERT INTO knowledge_updates (operator_id, date, programme, hours) VALUES (?, ?, 'Cập nhật kiến thức', 8)`);
    const ans = c.prepare(`INSERT INTO checklist_answers (system_id, catalogue, item_id, status) VALUES (?, ?, ?, ?)`);
    const STATUSES = ['met', 'met', 'met', 'partly_met', 'not_met'] as const;
    const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

    const perSystemAsm = Math.max(1, Math.round(sizes.assessments / sizes.systems));
    const extraOps = Math.max(0, sizes.operators - sizes.systems); // the first operator of every system, then seconds
    const opEvery = extraOps > 0 ? Math.max(1, Math.floor(sizes.systems / extraOps)) : Infinity;
    for (let i = 0; i < sizes.systems; i++) {
      const owner = agencies[1 + (i % (agencies.length - 1))]!;
      const operator = i % 3 === 0 ? owner : agencies[1 + ((i * 13) % (agencies.length - 1))]!;
      const code = `HT-${i}`;
      const name = `${NAMES[i % NAMES.length]} ${i}`;
      const status = i % 25 === 0 ? 'planned' : 'in_operation';
      const id = Number(
        sysStmt.run(code, name, owner, operator, status, status === 'planned' ? null : `202${i % 5}-${pad(1 + (i % 9))}-15`, i % 4 ? 'Có' : null, searchTextFor({ code, nameVi: name }))
          .lastInsertRowid,
      );
      bump('systems');
      const regime = i % 5 === 0 ? 'nd85' : 'nd331';
      const level = 1 + (i % 5);
      dec.run(id, regime, level, `${code}/QĐ`, `2022-${pad(1 + (i % 12))}-10`);
      bump('level_decisions');
      l1.run(id, operator);
      l2.run(id, providers[i % providers.length]!, `2026-${pad(1 + (i % 12))}-28`);
      l3.run(id, owner);
      l4.run(id);
      bump('layers', 4);
      for (let k = 0; k < perSystemAsm; k++) {
        const a = Number(asm.run(id, providers[(i + k) % providers.length]!, `202${3 + k}-${pad(1 + (i % 9))}-1${i % 10}`).lastInsertRowid);
        bump('assessments');
        if ((i + k) % 2 === 0) {
          fnd.run(a, id, `Tồn tại số ${k}`, SEVERITIES[(i + k) % 4]!, `2026-${pad(1 + ((i + k) % 12))}-01`);
          bump('findings');
        }
      }
      const addOperator = (role: string, n: number) => {
        const p = Number(op.run(`Cán bộ ${i}-${n}`, operator).lastInsertRowid);
        asg.run(p, id, role);
        cert.run(p, `CN-${i}-${n}`, `202${6 + (i % 3)}-0${1 + (i % 9)}-01`);
        upd.run(p, `202${5 + (i % 2)}-0${1 + (i % 9)}-01`);
        bump('operators');
        bump('certificates');
        bump('knowledge_updates');
      };
      addOperator('administrator', 0);
      if (i % opEvery === 0 && (counts.operators ?? 0) < sizes.operators) addOperator('security', 1);
      const catalogue = regime === 'nd85' ? 'tcvn-11930-2017' : 'tcvn-14423-2026';
      for (const [k, item] of applicableItems(regime, level).entries()) {
        ans.run(id, catalogue, item.id, STATUSES[(i + k) % STATUSES.length]!);
        bump('checklist_answers');
      }
      if (i === 0) sampleSystemId = id;
    }
  })();
  c.pragma('synchronous = FULL');

  return { rootId, departmentId, sampleSystemId, counts };
}
