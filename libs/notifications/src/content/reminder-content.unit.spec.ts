import { reminderContent } from './reminder-content';

const base = { targetKind: 'phase-ends', targetKey: 'phase-ends:deadline:2019-02-10T23:59:59+01:00', targetAt: '2019-02-10T23:59:59+01:00', offset: 'P7D', late: false };

describe('reminderContent', () => {
  it('makes a deadline.reminder carrying the target, its time, the offset and lateness', () => {
    expect(reminderContent({ ...base, targetTitle: 'Deadline', late: true })).toEqual({
      type: 'deadline.reminder',
      params: { targetKind: 'phase-ends', targetKey: base.targetKey, targetTitle: 'Deadline', targetAt: base.targetAt, offset: 'P7D', late: true },
    });
  });

  it('keeps a multilingual title in every language given', () => {
    const { params } = reminderContent({ ...base, targetTitle: { en: 'Deadline', fr: 'Date limite' } });
    expect(params).toMatchObject({ 'targetTitle.en': 'Deadline', 'targetTitle.fr': 'Date limite' });
  });

  it('names the target by its key when it has no title', () => {
    expect(reminderContent({ ...base, targetTitle: null }).params.targetTitle).toBe(base.targetKey);
  });
});
