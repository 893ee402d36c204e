/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-file-map"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sc-file-map.h"

/* The maps that the SIGBUS handler searches: a fixed table, so that the handler reads it
 * without a lock or an allocation. A slot's size is written before its start and its
 * start cleared first, so that a handler that sees a start sees that map's size. */
#define MAX_MAPS 1024

typedef struct {
  gsize start;     /* the map's first byte, 0 where the slot is free (atomic) */
  gsize size;      /* the map's bytes, rounded up to whole pages (atomic) */
  gint  cut_short; /* set by the handler (atomic) */
} Slot;

struct _ScFileMap
{
  guint8 *data;
  gsize   size;
  guint   slot;
};

static Slot slots[MAX_MAPS];
static GMutex slots_lock;  /* taking and freeing slots; the handler takes none */
static struct sigaction previous;
static gsize page_size;

static void
chain (int        sig,
       siginfo_t *info,
       void      *context)
{
  if ((previous.sa_flags & SA_SIGINFO) != 0 && previous.sa_sigaction != NULL)
    previous.sa_sigaction (sig, info, context);
  else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN)
    previous.sa_handler (sig);
  else
    {
      /* As if there had been no handler: the read faults again on return, and the
       * default action ends the process. */
      struct sigaction dfl;

      memset (&dfl, 0, sizeof dfl);
      dfl.sa_handler = SIG_DFL;
      sigemptyset (&dfl.sa_mask);
      sigaction (SIGBUS, &dfl, NULL);
    }
}

/* Only async-signal-safe work: atomic loads and stores, mmap and sigaction (system calls
 * on Linux). */
static void
on_sigbus (int        sig,
           siginfo_t *info,
           void      *context)
{
  gsize addr = (gsize) info->si_addr;

  if (info->si_code == BUS_ADRERR)
    for (guint i = 0; i < MAX_MAPS; i++)
      {
        gsize start = __atomic_load_n (&slots[i].start, __ATOMIC_ACQUIRE);
        gsize size;

        if (start == 0 || addr < start)
          continue;
        size = __atomic_load_n (&slots[i].size, __ATOMIC_RELAXED);
        if (addr - start < size)
          {
            gsize page = addr & ~(page_size - 1);

            /* zeros from the faulting page to the map's end: the file ends before it */
            if (mmap ((void *) page, start + size - page, PROT_READ,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
              break;
            __atomic_store_n (&slots[i].cut_short, 1, __ATOMIC_RELEASE);
            return;
          }
      }
  chain (sig, info, context);
}

static gpointer
install_handler (gpointer data)
{
  struct sigaction sa;

  page_size = (gsize) sysconf (_SC_PAGESIZE);
  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset (&sa.sa_mask);
  if (sigaction (SIGBUS, &sa, &previous) != 0)
    return GINT_TO_POINTER (1);
  return GINT_TO_POINTER (2);
}

ScFileMap *
sc_file_map_new (int     fd,
                 guint64 size)
{
  static GOnce once = G_ONCE_INIT;
  ScFileMap *map;
  void *data;
  guint slot = MAX_MAPS;

  if (GPOINTER_TO_INT (g_once (&once, install_handler, NULL)) != 2)
    return NULL;
  if (size == 0 || size > G_MAXSIZE - page_size)
    return NULL;

  g_mutex_lock (&slots_lock);
  for (guint i = 0; i < MAX_MAPS; i++)
    if (__atomic_load_n (&slots[i].start, __ATOMIC_RELAXED) == 0)
      {
        slot = i;
        break;
      }
  if (slot == MAX_MAPS)
    {
      g_mutex_unlock (&slots_lock);
      return NULL;
    }
  data = mmap (NULL, (gsize) size, PROT_READ, MAP_SHARED, fd, 0);
  if (data == MAP_FAILED)
    {
      g_mutex_unlock (&slots_lock);
      return NULL;
    }
  __atomic_store_n (&slots[slot].cut_short, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&slots[slot].size, ((gsize) size + page_size - 1) & ~(page_size - 1),
                    __ATOMIC_RELAXED);
  __atomic_store_n (&slots[slot].start, (gsize) data, __ATOMIC_RELEASE);
  g_mutex_unlock (&slots_lock);

  map = g_new (ScFileMap, 1);
  map->data = data;
  map->size = (gsize) size;
  map->slot = slot;
  return map;
}

const guint8 *
sc_file_map_get_data (const ScFileMap *map)
{
  g_return_val_if_fail (map != NULL, NULL);
  return map->data;
}

gsize
sc_file_map_get_size (const ScFileMap *map)
{
  g_return_val_if_fail (map != NULL, 0);
  return map->size;
}

gboolean
sc_file_map_is_intact (const ScFileMap *map)
{
  g_return_val_if_fail (map != NULL, FALSE);
  return __atomic_load_n (&slots[map->slot].cut_short, __ATOMIC_ACQUIRE) == 0;
}

void
sc_file_map_free (ScFileMap *map)
{
  if (map == NULL)
    return;
  g_mutex_lock (&slots_lock);
  __atomic_store_n (&slots[map->slot].start, 0, __ATOMIC_RELEASE);
  g_mutex_unlock (&slots_lock);
  munmap (map->data, map->size);
  g_free (map);
}
