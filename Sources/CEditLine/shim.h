#ifndef NBAOPS_CEDITLINE_SHIM_H
#define NBAOPS_CEDITLINE_SHIM_H
#include <histedit.h>
#include <signal.h>
#include <string.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <wchar.h>

// el_set, el_get and history are variadic, which Swift cannot call: one typed wrapper per use.

typedef char *(*nbaops_prompt_function)(EditLine *);
static inline int nbaops_el_set_prompt(EditLine *el, nbaops_prompt_function fn) { return el_set(el, EL_PROMPT, fn); }
static inline int nbaops_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int nbaops_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int nbaops_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *nbaops_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
typedef unsigned char (*nbaops_el_function)(EditLine *, int);
static inline int nbaops_el_add_function(EditLine *el, const char *name, const char *help, nbaops_el_function fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int nbaops_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}
static inline int nbaops_el_source_default(EditLine *el) { return el_source(el, NULL); }

static inline int nbaops_history_set_size(History *h, int size) { HistEvent ev; return history(h, &ev, H_SETSIZE, size); }
static inline int nbaops_history_set_unique(History *h, int unique) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, unique); }
static inline int nbaops_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int nbaops_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
// Walk the history oldest first: H_LAST is the oldest entry, H_PREV steps towards the newest.
static inline const char *nbaops_history_oldest(History *h) { HistEvent ev; return history(h, &ev, H_LAST) == -1 ? NULL : ev.str; }
static inline const char *nbaops_history_newer(History *h) { HistEvent ev; return history(h, &ev, H_PREV) == -1 ? NULL : ev.str; }
static inline int nbaops_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

// Ctrl-C: installed without SA_RESTART so a blocked read in el_gets returns EINTR and the shell can drop the line.
// (The counter lives in Swift: statics in a header would be one copy per object file.)
static inline int nbaops_install_sigint_handler(void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    // A parent (a test runner, a job control shell) may hand down SIGINT blocked; Ctrl-C must reach us anyway.
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    sigaddset(&interrupt, SIGTERM);
    sigaddset(&interrupt, SIGHUP);
    sigprocmask(SIG_UNBLOCK, &interrupt, NULL);
    return sigaction(SIGINT, &action, NULL);
}
// Reads one character for libedit. Unlike libedit's own reader, a read interrupted by a signal (Ctrl-C) is not
// retried: it returns -1, so el_gets returns at once and the shell can drop the line.
static inline int nbaops_read_char(EditLine *el, wchar_t *out) {
    (void)el;
    char bytes[8];
    size_t count = 0;
    for (;;) {
        char byte;
        ssize_t got = read(STDIN_FILENO, &byte, 1);
        if (got == 0) return 0;
        if (got < 0) {
            if (errno == EINTR) { *out = 0; return -1; }
            return -1;
        }
        bytes[count++] = byte;
        mbstate_t state;
        memset(&state, 0, sizeof(state));
        wchar_t wide;
        size_t used = mbrtowc(&wide, bytes, count, &state);
        if (used == (size_t)-2 && count < sizeof(bytes)) continue;
        *out = (used == (size_t)-1 || used == (size_t)-2) ? (wchar_t)(unsigned char)bytes[0] : wide;
        return 1;
    }
}
static inline int nbaops_el_use_interruptible_reader(EditLine *el) { return el_set(el, EL_GETCFN, nbaops_read_char); }
static inline int nbaops_errno(void) { return errno; }
#endif
