// Security: sign-in throttling, the refused writes admins read (security events), and the end of access.
export const vi = {
  'field.otherSessionsEnded': 'Số phiên đăng nhập khác đã kết thúc',
  'auth.password.othersEnd': 'Sau khi đổi mật khẩu, mọi phiên đăng nhập khác của bạn (trên máy hoặc trình duyệt khác) sẽ kết thúc.',
  'auth.throttle.pair': 'Tài khoản này đã bị nhập sai mật khẩu quá nhiều lần (từ {n} lần) từ địa chỉ mạng của bạn. Vui lòng chờ {wait} rồi thử lại; mỗi lần sai tiếp theo, thời gian chờ tăng gấp đôi. Đăng nhập từ nơi khác không bị ảnh hưởng.',
  'auth.throttle.address': 'Địa chỉ mạng của bạn đã đăng nhập sai quá nhiều lần (từ {n} lần, với nhiều tên đăng nhập) trong {minutes} phút qua. Vui lòng chờ {wait} rồi thử lại.',
  'auth.wait.seconds': '{n} giây',
  'auth.wait.minutes': '{n} phút',
  'prov.managedBy': 'Đơn vị quản lý hồ sơ',
  'prov.managedBy.none': 'Chưa xác định (hồ sơ chỉ đọc)',
  'prov.managedByHint': 'Chỉ quản trị viên của đơn vị quản lý hồ sơ (hoặc của cấp trên) được sửa thông tin nhà cung cấp này. Mọi thay đổi được ghi vào nhật ký của đơn vị đó và hiện trong nhật ký của mọi cơ quan có hệ thống sử dụng nhà cung cấp.',
  'field.managedBy': 'Đơn vị quản lý hồ sơ',
  'system.v.ownerOnly': 'Chỉ chủ quản hệ thống (hoặc cấp trên của chủ quản) mới được thay đổi chủ quản và đơn vị vận hành.',
  'system.ownerOnly': 'Chỉ chủ quản hệ thống mới được thay đổi chủ quản và đơn vị vận hành; chưa có gì được ghi.',
  'system.ownerOnlyHint': 'Đơn vị của bạn không phải chủ quản hệ thống này nên không thể đổi chủ quản hoặc đơn vị vận hành.',
};

export const en: Record<keyof typeof vi, string> = {
  'field.otherSessionsEnded': 'Other sessions ended',
  'auth.password.othersEnd': 'Once the password is changed, every other session of yours (on another device or browser) ends.',
  'auth.throttle.pair': 'Too many wrong passwords for this account from your network address ({n} or more). Please wait {wait} and try again; each further failure doubles the wait. Signing in from elsewhere is not affected.',
  'auth.throttle.address': 'Too many failed sign-ins from your network address ({n} or more, with several usernames) in the last {minutes} minutes. Please wait {wait} and try again.',
  'auth.wait.seconds': '{n} seconds',
  'auth.wait.minutes': '{n} minutes',
  'prov.managedBy': 'Record kept by',
  'prov.managedBy.none': 'Not set (read-only record)',
  'prov.managedByHint': 'Only the admins of the organisation that keeps this record (or of a body above it) may change this provider. Every change is logged under that organisation and shows in the audit log of every organisation whose systems use the provider.',
  'field.managedBy': 'Record kept by',
  'system.v.ownerOnly': 'Only the system’s owner (or a body above it) may change its owner and operator.',
  'system.ownerOnly': 'Only the system’s owner may change its owner and operator; nothing was saved.',
  'system.ownerOnlyHint': 'Your organisation is not this system’s owner, so it cannot change the owner or the operator.',
};
