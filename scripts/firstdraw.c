/* firstdraw: when a program's first content is drawn on an X screen, to the millisecond or so.
 *   firstdraw [-s] [-o LOG] -- PROGRAM [ARGS...]
 * Used by scripts/bench-desktop.sh (which compiles it with cc -lX11 -lXext -lXdamage) for the app and the
 * bare hello-world alike. It asks the X server (Xvfb) for DAMAGE events on the root window — sent whenever
 * anything is drawn anywhere on the screen, a child window included — then takes the time, starts PROGRAM
 * (fork + exec, its output to LOG), and after each damage event grabs the whole screen (MIT-SHM when the
 * server has it, XGetImage otherwise) and looks at it: content is drawn once the screen has more than 8
 * colours (text, anti-aliased, has many; an empty window one or two). With -s it goes on until the pixel
 * at (3,3) — the page's top-left corner, the window being at 0,0 with no window manager — is neither white
 * (the webview's default) nor black (the empty screen): the app's stylesheet is applied. The time of each
 * is taken when the grab that showed it is in hand (so never before the pixels were on the screen; at most
 * one grab, a few ms, after). The first MapNotify of a top-level window gives the window's time.
 * At that first frame with text it also reads the CPU time used so far (/proc/.../schedstat, every thread) by
 * PROGRAM and by it with its descendants (WebKit's web and network processes): less noisy than the wall time
 * on a busy machine, and it says which process the time went to.
 * Prints one line: "PID WINDOW_MS DRAWN_MS STYLED_MS GRABS CPU_MS OWN_CPU_MS" (STYLED_MS -1 without -s; CPU_MS
 * the whole tree's, OWN_CPU_MS PROGRAM's own process), and exits, leaving
 * PROGRAM running (the caller measures and ends it). Gives up after 60 s (exit 2).
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/Xdamage.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

/* CPU time (ms) of every thread of process `pid`, from /proc/<pid>/task/<tid>/schedstat (nanoseconds). */
static double process_cpu_ms(int pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path);
    if (!d) return 0;
    double ns = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char f[320];
        snprintf(f, sizeof f, "/proc/%d/task/%s/schedstat", pid, e->d_name);
        FILE *fp = fopen(f, "r");
        unsigned long long run = 0;
        if (fp) { if (fscanf(fp, "%llu", &run) != 1) run = 0; fclose(fp); }
        ns += (double)run;
    }
    closedir(d);
    return ns / 1e6;
}

/* The parent of `pid` (/proc/<pid>/stat field 4), or -1. */
static int parent_of(int pid) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *fp = fopen(path, "r");
    if (!fp) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    int ppid = -1;
    if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1) return -1;
    return ppid;
}

/* CPU time (ms) of `root` (in *own) and of it with all its descendants (returned): the app, and the app with
 * WebKit's web and network processes. */
static double tree_cpu_ms(int root, double *own) {
    int pids[4096], n = 0;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d)) && n < 4096) {
        int p = atoi(e->d_name);
        if (p > 0) pids[n++] = p;
    }
    if (d) closedir(d);
    int in[4096] = {0}, changed = 1;
    for (int k = 0; k < n; k++) in[k] = pids[k] == root;
    int parents[4096];
    for (int k = 0; k < n; k++) parents[k] = parent_of(pids[k]);
    while (changed) {
        changed = 0;
        for (int k = 0; k < n; k++) {
            if (in[k]) continue;
            for (int j = 0; j < n; j++)
                if (in[j] && parents[k] == pids[j]) { in[k] = 1; changed = 1; break; }
        }
    }
    double total = 0;
    *own = 0;
    for (int k = 0; k < n; k++) {
        if (!in[k]) continue;
        double ms = process_cpu_ms(pids[k]);
        total += ms;
        if (pids[k] == root) *own = ms;
    }
    return total;
}

/* Distinct pixel values in the image, counting stops at 9. */
static int colours(XImage *img) {
    unsigned long seen[9];
    int n = 0;
    for (int y = 0; y < img->height; y++) {
        const unsigned int *row = (const unsigned int *)(img->data + (size_t)y * img->bytes_per_line);
        for (int x = 0; x < img->width; x++) {
            unsigned long p = row[x] & 0xffffff;
            int k = 0;
            while (k < n && seen[k] != p) k++;
            if (k == n) {
                seen[n++] = p;
                if (n == 9) return n;
            }
        }
    }
    return n;
}

int main(int argc, char **argv) {
    int want_styled = 0, i = 1;
    const char *log = "/dev/null";
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "-s")) want_styled = 1;
        else if (!strcmp(argv[i], "-o") && i + 1 < argc) log = argv[++i];
        else if (!strcmp(argv[i], "--")) { i++; break; }
        else break;
    }
    if (i >= argc) { fprintf(stderr, "usage: firstdraw [-s] [-o LOG] -- PROGRAM [ARGS...]\n"); return 1; }

    Display *dpy = XOpenDisplay(NULL);
    if (!dpy) { fprintf(stderr, "firstdraw: cannot open display\n"); return 1; }
    int dmg_event, dmg_error;
    if (!XDamageQueryExtension(dpy, &dmg_event, &dmg_error)) { fprintf(stderr, "firstdraw: no DAMAGE\n"); return 1; }
    int scr = DefaultScreen(dpy);
    Window root = RootWindow(dpy, scr);
    int w = DisplayWidth(dpy, scr), h = DisplayHeight(dpy, scr);
    Visual *vis = DefaultVisual(dpy, scr);
    int depth = DefaultDepth(dpy, scr);

    XShmSegmentInfo shm;
    XImage *shm_img = NULL;
    if (XShmQueryExtension(dpy)) {
        shm_img = XShmCreateImage(dpy, vis, depth, ZPixmap, NULL, &shm, w, h);
        if (shm_img) {
            shm.shmid = shmget(IPC_PRIVATE, (size_t)shm_img->bytes_per_line * h, IPC_CREAT | 0600);
            shm.shmaddr = shm_img->data = shmat(shm.shmid, NULL, 0);
            shm.readOnly = False;
            if (shm.shmid < 0 || shm.shmaddr == (void *)-1 || !XShmAttach(dpy, &shm)) shm_img = NULL;
            XSync(dpy, False);
            if (shm.shmid >= 0) shmctl(shm.shmid, IPC_RMID, NULL); /* freed when both sides detach */
        }
    }

    XSelectInput(dpy, root, SubstructureNotifyMask);
    Damage damage = XDamageCreate(dpy, root, XDamageReportNonEmpty);
    XSync(dpy, False);
    /* Drop whatever was pending before the start. */
    XDamageSubtract(dpy, damage, None, None);
    while (XPending(dpy)) { XEvent e; XNextEvent(dpy, &e); }

    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); close(fd); }
        close(ConnectionNumber(dpy));
        execvp(argv[i], argv + i);
        _exit(127);
    }
    if (pid < 0) { perror("fork"); return 1; }

    double window = -1, drawn = -1, styled = -1, cpu = -1, own = -1;
    int grabs = 0;
    struct pollfd pfd = { .fd = ConnectionNumber(dpy), .events = POLLIN };
    while (now_ms() - t0 < 60000) {
        int damaged = 0;
        while (XPending(dpy)) {
            XEvent e;
            XNextEvent(dpy, &e);
            if (e.type == MapNotify && window < 0 && e.xmap.event == root) window = now_ms() - t0;
            if (e.type == dmg_event + XDamageNotify) damaged = 1;
        }
        if (damaged) {
            XDamageSubtract(dpy, damage, None, None);
            XImage *img = shm_img;
            if (img) XShmGetImage(dpy, root, img, 0, 0, AllPlanes);
            else img = XGetImage(dpy, root, 0, 0, w, h, AllPlanes, ZPixmap);
            double t = now_ms() - t0;
            grabs++;
            if (img) {
                if (drawn < 0 && colours(img) > 8) {
                    drawn = t;
                    cpu = tree_cpu_ms(pid, &own);
                }
                if (drawn >= 0 && want_styled && styled < 0) {
                    unsigned long p = XGetPixel(img, 3, 3) & 0xffffff;
                    if (p != 0xffffff && p != 0) styled = t;
                }
                if (img != shm_img) XDestroyImage(img);
            }
            if (drawn >= 0 && (!want_styled || styled >= 0)) {
                printf("%d %.0f %.0f %.0f %d %.0f %.0f\n", (int)pid, window, drawn, styled, grabs, cpu, own);
                return 0;
            }
            continue; /* more damage may already be queued */
        }
        poll(&pfd, 1, 100);
    }
    printf("%d %.0f %.0f %.0f %d %.0f %.0f\n", (int)pid, window, drawn, styled, grabs, cpu, own);
    return 2;
}
