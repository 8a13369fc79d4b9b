#ifndef NBAOPS_CSQLITE_SHIM_H
#define NBAOPS_CSQLITE_SHIM_H
#include <sqlite3.h>

// Binds text and blobs SQLite does not copy (SQLITE_STATIC, which Swift cannot spell): the caller keeps the bytes
// alive until the statement has run. GRDB's public binding copies each string twice (Swift's C string, then
// SQLITE_TRANSIENT), which cost more than the inserts themselves on wide partition writes.
static inline int nbaops_sqlite_bind_static_text(sqlite3_stmt *s, int i, const char *bytes, int length) {
    return sqlite3_bind_text(s, i, bytes, length, SQLITE_STATIC);
}
static inline int nbaops_sqlite_bind_static_blob(sqlite3_stmt *s, int i, const void *bytes, int length) {
    return sqlite3_bind_blob(s, i, bytes, length, SQLITE_STATIC);
}
#endif
