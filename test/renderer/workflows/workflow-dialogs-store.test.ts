// The workflow dialog store: one dialog open at a time, each opening a fresh mount, and afterChange
// reloading the open user's factors (which is how every dialog reports a change).
import { describe, expect, it } from 'vitest';
import { defineComponent, type FunctionalComponent } from 'vue';
import { useUserDetailStore } from '../../../renderer/src/user/user-detail-store';
import { useWorkflowDialogsStore } from '../../../renderer/src/workflows/workflow-dialogs-store';
import { useFakeBridge } from '../support/fake-bridge';
import { factor, user } from '../support/fixtures';

const bridge = useFakeBridge();
const FirstDialog = defineComponent({ name: 'FirstDialog', props: { factorId: { type: String, required: true } }, render: () => null });
const SecondDialog: FunctionalComponent = () => null;

describe('the workflow dialog store', () => {
  it('opens one dialog at a time with its props, a fresh mount each time, and closes it', () => {
    const dialogs = useWorkflowDialogsStore();
    dialogs.show(FirstDialog, { factorId: 'f1' });
    const first = dialogs.open;
    expect(first?.component).toBe(FirstDialog);
    expect(first?.props).toEqual({ factorId: 'f1' });
    dialogs.show(FirstDialog, { factorId: 'f1' });
    expect(dialogs.open?.key).not.toBe(first?.key);
    dialogs.show(SecondDialog, {});
    expect(dialogs.open?.component).toBe(SecondDialog);
    dialogs.close();
    expect(dialogs.open).toBeNull();
  });

  it("afterChange reloads the open user's factors", async () => {
    const detail = useUserDetailStore();
    void detail.open(user('isaac@example.org'));
    await bridge.next('listFactors').answer({ user: user('isaac@example.org'), factors: [factor('f1'), factor('f2')], oktaVerifyDevices: [], fetchedAt: '2024-05-01T10:00:00.000Z' });

    const refreshed = useWorkflowDialogsStore().afterChange();
    expect(bridge.next('listFactors').input).toEqual({ userId: user('isaac@example.org').id });
    await bridge.next('listFactors').answer({ user: user('isaac@example.org'), factors: [factor('f2')], oktaVerifyDevices: [], fetchedAt: '2024-05-01T10:01:00.000Z' });
    await refreshed;
    expect(detail.factors.map((each) => each.id)).toEqual(['f2']);
  });
});
