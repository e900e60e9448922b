// The stable keys of DOMAIN.md (labels are in i18n/): the skill ladder in its order, what a
// visit can teach, and the barriers that keep a household from being covered.
export const SKILLS = Object.freeze(['vneid_installed', 'vneid_level2', 'vneid_login', 'dvc_login',
  'dvc_submit', 'online_payment', 'rating', 'cyber_safety', 'digital_signature']);
// The groups a member may belong to (DOMAIN.md, "Beyond the door"), synced as the skills are.
export const GROUPS = Object.freeze(['official', 'youth_union', 'association', 'student', 'team_member']);
export const TOPICS = Object.freeze([...SKILLS, 'materials']);
export const BARRIERS = Object.freeze(['no_smartphone', 'no_chip_id', 'level2_pending', 'forgot_credentials',
  'elderly_or_disabled', 'low_literacy', 'no_signal', 'away_for_work', 'not_interested']);
export const CONSENT = Object.freeze(['given', 'declined', 'not_asked']);
export const MIN_AGE = 14;
