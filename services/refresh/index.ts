export { ChannelService, refreshedAt, type ChannelInput } from './channel-service';
export { latestPostedPlans, postedKey } from './freshness';
export { isBankHoliday, isWorkingDay, ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays';
export { RefreshCheckService, refreshReminderKey, type ReminderAnswer, type ReminderRef } from './refresh-check';
