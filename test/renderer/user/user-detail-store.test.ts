// The open user's store against a fake bridge: the search result fills the header at once, only the
// latest load of the factors may write, failures land in `error`, and closing drops loads in flight.
import { describe, expect, it } from 'vitest';
import { useUserDetailStore } from '../../../renderer/src/user/user-detail-store';
import { useFakeBridge } from '../support/fake-bridge';
import { factor, user } from '../support/fixtures';

const bridge = useFakeBridge();
const isaac = user('isaac@example.org');
const dade = user('dade@example.org');

describe('the user detail store', () => {
  it('shows the search result at once and the factors when they arrive', async () => {
    const detail = useUserDetailStore();
    void detail.open(isaac);
    expect(detail.user).toEqual(isaac);
    expect(detail.loading).toBe(true);
    expect(bridge.next('listFactors').input).toEqual({ userId: isaac.id });
    await bridge.next('listFactors').answer({ user: { ...isaac, displayName: 'Isaac Brock' }, factors: [factor('f1')], oktaVerifyDevices: [], fetchedAt: '2024-05-01T10:00:01.000Z' });
    expect(detail.user?.displayName).toBe('Isaac Brock');
    expect(detail.factors.map((each) => each.id)).toEqual(['f1']);
    expect(detail.fetchedAt).toBe('2024-05-01T10:00:01.000Z');
    expect(detail.loading).toBe(false);
  });

  it('keeps the newest load when an older, slower one arrives after it', async () => {
    const detail = useUserDetailStore();
    void detail.open(isaac);
    const first = bridge.next('listFactors');
    void detail.refresh();
    const second = bridge.latest('listFactors');
    await second.answer({ user: isaac, factors: [], oktaVerifyDevices: [], fetchedAt: '2024-05-01T10:00:02.000Z' });
    await first.answer({ user: isaac, factors: [factor('f1')], oktaVerifyDevices: [], fetchedAt: '2024-05-01T10:00:01.000Z' });
    expect(detail.factors).toEqual([]);
    expect(detail.fetchedAt).toBe('2024-05-01T10:00:02.000Z');
    expect(detail.loading).toBe(false);
  });

  it("does not let the previous user's factors land on the next user", async () => {
    const detail = useUserDetailStore();
    void detail.open(isaac);
    const isaacsLoad = bridge.next('listFactors');
    void detail.open(dade);
    await isaacsLoad.answer({ user: isaac, factors: [factor('isaacs-push')], oktaVerifyDevices: [], fetchedAt: '2024-05-01T10:00:01.000Z' });
    expect(detail.user).toEqual(dade);
    expect(detail.factors).toEqual([]);
    expect(detail.loading).toBe(true);
  });

  it('shows a failure in `error`, keeps the header, and a refresh that works clears it', async () => {
    const detail = useUserDetailStore();
    void detail.open(isaac);
    await bridge.next('listFactors').fail({ code: 'PERMISSION_DENIED', message: 'The API token lacks permission.' });
    expect(detail.error).toMatchObject({ code: 'PERMISSION_DENIED', message: 'The API token lacks permission.' });
    expect(detail.user).toEqual(isaac);
    expect(detail.loading).toBe(false);

    void detail.refresh();
    expect(detail.error).toBeNull();
    await bridge.next('listFactors').answer({ user: isaac, factors: [factor('f1')], oktaVerifyDevices: [], fetchedAt: '2024-05-01T10:00:03.000Z' });
    expect(detail.factors).toHaveLength(1);
  });

  it('ignores a load that fails after a newer one answered', async () => {
    const detail = useUserDetailStore();
    void detail.open(isaac);
    const first = bridge.next('listFactors');
    void detail.refresh();
    await bridge.latest('listFactors').answer({ user: isaac, factors: [factor('f1')], oktaVerifyDevices: [], fetchedAt: '2024-05-01T10:00:02.000Z' });
    await first.fail({ code: 'NETWORK' });
    expect(detail.error).toBeNull();
    expect(detail.factors).toHaveLength(1);
  });

  it('close drops a load still on its way', async () => {
    const detail = useUserDetailStore();
    void detail.open(isaac);
    const load = bridge.next('listFactors');
    detail.close();
    await load.answer({ user: isaac, factors: [factor('f1')], oktaVerifyDevices: [], fetchedAt: '2024-05-01T10:00:01.000Z' });
    expect(detail.userId).toBeNull();
    expect(detail.user).toBeNull();
    expect(detail.factors).toEqual([]);
    expect(detail.loading).toBe(false);
  });
});
