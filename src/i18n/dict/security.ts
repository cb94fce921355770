// Security: sign-in throttling, the refused writes admins read (security events), and the end of access.
export const vi = {
  'field.otherSessionsEnded': 'Số phiên đăng nhập khác đã kết thúc',
  'auth.password.othersEnd': 'Sau khi đổi mật khẩu, mọi phiên đăng nhập khác của bạn (trên máy hoặc trình duyệt khác) sẽ kết thúc.',
};

export const en: Record<keyof typeof vi, string> = {
  'field.otherSessionsEnded': 'Other sessions ended',
  'auth.password.othersEnd': 'Once the password is changed, every other session of yours (on another device or browser) ends.',
};
