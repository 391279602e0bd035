import type { AuditRecord } from '../audit';
import type { FactorObservationRecord, FactorSnapshot, ObservedDevice } from '../observations';
import { factorLabel } from '../factors/factor-labels';

/** What the timeline knows about a factor id, to name it in words ("Okta Verify (push) on 'Isaac iPhone'"). */
export interface KnownFactor {
  factorType: string;
  label: string;
  device: ObservedDevice | null;
  detail: string | null;
}

/**
 * Factor names and devices gathered from what FactorDesk saw (snapshots and observations, which
 * remember removed factors too) and did (journal). System Log events name factors only loosely.
 */
export class FactorDirectory {
  private readonly byId = new Map<string, KnownFactor>();

  static from(sources: {
    snapshot: FactorSnapshot[] | null;
    observations: FactorObservationRecord[];
    journal: AuditRecord[];
  }): FactorDirectory {
    const directory = new FactorDirectory();
    for (const record of sources.journal) {
      if (record.factorId && record.factorType) directory.learn(record.factorId, { factorType: record.factorType });
    }
    // Oldest first, so later observations (and the current snapshot last) win.
    for (const record of sources.observations) {
      directory.learn(record.factorId, {
        factorType: record.factorType,
        label: record.label,
        device: record.device ?? record.deviceBefore,
        detail: record.detail,
      });
    }
    for (const factor of sources.snapshot ?? []) {
      directory.learn(factor.id, { factorType: factor.factorType, label: factor.label, device: factor.device, detail: factor.detail });
    }
    return directory;
  }

  get(factorId: string | null): KnownFactor | undefined {
    return factorId === null ? undefined : this.byId.get(factorId);
  }

  private learn(factorId: string, facts: Partial<KnownFactor> & { factorType: string }): void {
    const known = this.byId.get(factorId);
    this.byId.set(factorId, {
      factorType: facts.factorType,
      label: facts.label ?? known?.label ?? factorLabel(facts.factorType, ''),
      device: facts.device ?? known?.device ?? null,
      detail: facts.detail ?? known?.detail ?? null,
    });
  }
}

/** "on 'Isaac iPhone' (iOS 17.4)" for a push device, "(+1 555 0100)" for a phone or email, or "". */
export function whereDescription(known: Pick<KnownFactor, 'device' | 'detail'> | undefined): string {
  const device = known?.device;
  if (device?.name) {
    const platform = [platformName(device.platform), device.version].filter(Boolean).join(' ');
    return ` on '${device.name}'${platform ? ` (${platform})` : ''}`;
  }
  return known?.detail ? ` (${known.detail})` : '';
}

function platformName(platform: string | null): string | null {
  if (!platform) return null;
  const names: Record<string, string> = { IOS: 'iOS', ANDROID: 'Android', WINDOWS: 'Windows', MACOS: 'macOS', OSX: 'macOS' };
  return names[platform.toUpperCase()] ?? platform;
}
