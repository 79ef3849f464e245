import type { Messages } from './messages.types';

/** When a reminder's target falls due, in its title: how long until it, or when it was due for a late one. */
const WHEN = '{late, select, true {将于{targetAt}} other {将于{span}后}}';

const REASON = '{hasReason, select, true {原因：{reason}} other {}}';
const THE_MEETING = '{hasPhaseKey, select, true {“{phaseTitle}”会议} other {一次会议}}';

/** Chinese (simplified): one plural form. */
export const zh: Messages = {
  types: {
    'consultation.launched': {
      title: '新磋商：{consultationTitle}',
      body: '致：{addressees}\n事由：{consultationTitle}{hasReference, select, true {（文号：{reference}）} other {}}\n\n'
        + '秘书处谨通知，关于“{consultationTitle}”的磋商已于{launchedAt}启动，面向{addressees}。草案、截止日期和会议安排将另行通知。',
    },
    'draft.published': {
      title: '{final, select, true {最终草案已发布} other {草案已发布}}：{consultationTitle}',
      body: '“{consultationTitle}”磋商的{final, select, true {最终草案} other {草案}}{documentRef}（版本{version}）已于{publishedAt}发布。',
    },
    'consultation.opened': {
      title: '开始征集意见：{consultationTitle}',
      body: '“{consultationTitle}”磋商第{round}轮已于{openedAt}开始，意见征集截至{closesAt}。',
    },
    'deadline.reminder': {
      title: `{late, select, true {延迟提醒} other {提醒}}：{targetKind, select, consultation_closes {“{consultationTitle}”磋商${WHEN}截止} `
        + `phase_ends {阶段“{targetTitle}”${WHEN}结束——{consultationTitle}} meeting_starts {会议“{targetTitle}”${WHEN}召开——{consultationTitle}} `
        + `other {“{targetTitle}”${WHEN}截止——{consultationTitle}}}`,
      body: '{late, select, true {本提醒原定于截止前{span}发送，现延迟发送。} other {}}'
        + '{targetKind, select, consultation_closes {“{consultationTitle}”磋商截止} phase_ends {阶段结束：{targetTitle}} '
        + 'meeting_starts {会议：{targetTitle}} other {截止：{targetTitle}}}——{targetAt}{late, select, true {。} other {，还有{span}。}}',
    },
    'deadline.changed': {
      title: '截止日期变更：{consultationTitle}',
      body: '“{consultationTitle}”磋商的{hasPhaseKey, select, true {“{phaseTitle}”阶段结束时间} other {截止日期}}'
        + '{hasPreviousAt, select, true {已由{previousAt}} other {已}}改为{newAt}。' + REASON,
    },
    'consultation.closed': {
      title: '磋商已结束：{consultationTitle}',
      body: '“{consultationTitle}”磋商已于{closedAt}{automatic, select, true {按计划} other {}}结束，不再接受意见。' + REASON,
    },
    'meeting.scheduled': {
      title: '会议安排：{consultationTitle}',
      body: '“{consultationTitle}”磋商将于{startsAt}至{endsAt}以{format}方式举行会议{hasLocation, select, true {（{location}）} other {}}。',
    },
    'meeting.rescheduled': {
      title: '会议改期：{consultationTitle}',
      body: '“{consultationTitle}”磋商的' + THE_MEETING + '已改期{hasPreviousStartsAt, select, true {（原定于{previousStartsAt}）} other {}}，'
        + '现定于{startsAt}至{endsAt}举行。' + REASON,
    },
    'meeting.format-changed': {
      title: '会议形式变更：{consultationTitle}',
      body: '“{consultationTitle}”磋商的' + THE_MEETING + '现改为以{format}方式举行'
        + '{hasPreviousFormat, select, true {（原为{previousFormat}）} other {}}。' + REASON,
    },
    'phase.started': {
      title: '新阶段：{phaseTitle} — {consultationTitle}',
      body: '“{consultationTitle}”磋商的“{phaseTitle}”阶段已于{startedAt}开始。',
    },
    'council.submitted': {
      title: '已提交理事会：{consultationTitle}',
      body: '“{consultationTitle}”磋商的成果已提交理事会{session}届会议（文件：{documentRefs}），'
        + '审议时间为{considerationStartsAt}至{considerationEndsAt}。',
    },
    'council.postponed': {
      title: '理事会推迟审议：{consultationTitle}',
      body: '理事会对“{consultationTitle}”磋商成果的审议已{hasFromSession, select, true {由{fromSession}届会议} other {}}推迟至{session}届会议，'
        + '时间为{considerationStartsAt}至{considerationEndsAt}。' + REASON,
    },
    'council.decided': {
      title: '理事会决定：{consultationTitle}',
      body: '{mode, select, correspondence {理事会以通信方式（{session}届会议）} other {理事会在其{session}届会议上}}'
        + '{outcome, select, approved {批准了“{consultationTitle}”磋商的成果} further_consultation {决定就“{consultationTitle}”开展进一步磋商} '
        + 'other {推迟就“{consultationTitle}”磋商作出决定}}。{hasReference, select, true {文号：{reference}。} other {}}',
    },
    'contributions.published': {
      title: '意见已公布：{consultationTitle}',
      body: '{publishedAt}，“{consultationTitle}”磋商的{count, plural, other {#份意见}}已公布。',
    },
    'consultation.withdrawn': {
      title: '磋商已撤回：{consultationTitle}',
      body: '“{consultationTitle}”磋商已于{withdrawnAt}撤回。' + REASON,
    },
    'audit.checkpoint': {
      title: '{origin} 审计检查点：{treeSize} 个事件',
      body: '日志 {origin} 已于 {issuedAt} 建立检查点：{treeSize} 个事件，根哈希 {rootHash}。请保存这份签名说明：日后可用 `consult verify --checkpoint 文件` 证明此前记录的事件均未被修改、删除或重新排序。\n\n{note}',
    },
  },
  format: { physical: '线下', virtual: '线上', hybrid: '线上线下结合' },
  group: {
    'member-state': '成员国', 'sector-member': '部门成员', associate: '部门准成员', academia: '学术成员', observer: '观察员',
    'civil-society': '民间社会', 'private-sector': '私营部门', 'technical-community': '技术界', 'international-organization': '国际组织',
  },
  span: '{unit, select, day {{amount, plural, other {#天}}} hour {{amount, plural, other {#小时}}} other {{amount, plural, other {#分钟}}}}',
  zone: '{date}（{zone}）',
};
