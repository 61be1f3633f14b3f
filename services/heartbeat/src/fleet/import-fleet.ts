import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FleetFile, RegNo, Vin, type FleetImportReport } from '@vehicle-tracker/contracts';
import { fromZod } from '@vehicle-tracker/service-kit';
import { findCustomerByName, findVehicles } from '../db/registry-state';
import { registerCustomer } from '../domain/customer-commands';
import type { CustomerState, Decision } from '../domain/registry';
import { issueToken } from '../domain/tokens';
import { registerVehicle } from '../domain/vehicle-commands';
import { combine, runCommand, type RegistryDeps } from '../registry/run-command';
import { classifyVehicle, type VehicleItem } from './classify-vehicle';

const CustomerItem = z.object({
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().max(500).default(''),
});
const VehicleInput = z.object({ vin: Vin, regNo: RegNo });

const emptyReport = (): FleetImportReport => ({
  customers: { created: [], existing: [], rejected: [] },
  vehicles: { created: [], existing: [], rejected: [] },
});

const reason = (err: z.ZodError) =>
  err.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');

/**
 * Imports a fleet file (the format of fixtures/seed-fleet.json). Idempotent: customers are matched by name
 * (case-insensitive, trimmed) and vehicles by VIN, so a second import of the same file creates nothing. A VIN
 * that exists under another customer, with another regNo, or retired is rejected with the reason, never changed.
 * Each customer commits with its new vehicles in one transaction. Tokens of created vehicles are in the report
 * (only there). Throws a 400 HttpError when the file itself does not have the format.
 */
export async function importFleet(
  deps: RegistryDeps,
  file: unknown,
  ctx: { correlationId: string } = { correlationId: randomUUID() },
): Promise<FleetImportReport> {
  const parsed = FleetFile.safeParse(file);
  if (!parsed.success) throw fromZod(parsed.error);
  const report = emptyReport();
  const seen = new Map<string, string>();
  for (const [i, raw] of parsed.data.customers.entries()) {
    const path = `customers[${i}]`;
    const customer = CustomerItem.safeParse({ name: raw.name, address: raw.address ?? '' });
    const vehicles = vehicleItems(raw.vehicles, path, seen, report);
    if (!customer.success) {
      report.customers.rejected.push({ path, name: raw.name, reason: reason(customer.error) });
      for (const v of vehicles)
        report.vehicles.rejected.push({ path: v.path, vin: v.vin, reason: 'its customer was rejected' });
      continue;
    }
    await importCustomer(deps, ctx.correlationId, customer.data, vehicles, report);
  }
  return report;
}

/** Parses the vehicles of one customer; malformed ones and repeated VINs go straight to `rejected`. */
function vehicleItems(
  raw: unknown[],
  path: string,
  seen: Map<string, string>,
  report: FleetImportReport,
): VehicleItem[] {
  const items: VehicleItem[] = [];
  for (const [j, v] of raw.entries()) {
    const itemPath = `${path}.vehicles[${j}]`;
    const parsed = VehicleInput.safeParse(v);
    const rawVin = (v as { vin?: unknown } | null)?.vin;
    if (!parsed.success) {
      report.vehicles.rejected.push({ path: itemPath, vin: rawVin, reason: reason(parsed.error) });
      continue;
    }
    const first = seen.get(parsed.data.vin);
    if (first) {
      report.vehicles.rejected.push({
        path: itemPath,
        vin: parsed.data.vin,
        reason: `duplicate of ${first} in this file`,
      });
      continue;
    }
    seen.set(parsed.data.vin, itemPath);
    items.push({ path: itemPath, ...parsed.data });
  }
  return items;
}

async function importCustomer(
  deps: RegistryDeps,
  correlationId: string,
  input: { name: string; address: string },
  vehicles: VehicleItem[],
  report: FleetImportReport,
): Promise<void> {
  const newId = randomUUID();
  const { pool } = deps;
  await runCommand(deps, { correlationId, source: 'import' }, async () => {
    const existing = await findCustomerByName(pool, input.name);
    const customer: CustomerState = existing ?? {
      customerId: newId,
      ...input,
      timeoutSeconds: null,
      position: 0,
    };
    const decisions: Decision[] = existing ? [] : [registerCustomer({ customerId: newId, ...input }, null)];
    const local = emptyReport();
    (existing ? local.customers.existing : local.customers.created).push({
      customerId: customer.customerId,
      name: customer.name,
    });
    const states = await findVehicles(
      pool,
      vehicles.map((v) => v.vin),
    );
    for (const v of vehicles) {
      const outcome = classifyVehicle(v, states.get(v.vin) ?? null, customer.customerId);
      if (outcome.kind === 'existing')
        local.vehicles.existing.push({ vin: v.vin, regNo: v.regNo, customerId: customer.customerId });
      else if (outcome.kind === 'rejected')
        local.vehicles.rejected.push({ path: v.path, vin: v.vin, reason: outcome.reason });
      else {
        const { token, tokenHash } = issueToken();
        decisions.push(
          registerVehicle(
            { vin: v.vin, regNo: v.regNo, customerId: customer.customerId, tokenHash },
            null,
            customer,
          ),
        );
        local.vehicles.created.push({ vin: v.vin, regNo: v.regNo, customerId: customer.customerId, token });
      }
    }
    return { decision: combine(decisions), answer: () => merge(report, local) };
  });
}

function merge(into: FleetImportReport, from: FleetImportReport): void {
  for (const kind of ['customers', 'vehicles'] as const)
    for (const outcome of ['created', 'existing', 'rejected'] as const)
      (into[kind][outcome] as unknown[]).push(...from[kind][outcome]);
}
