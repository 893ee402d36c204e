/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-display-tiles"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sc-display-tiles.h"
#include "sc-display-tiles-private.h"
#include "sc-parallel.h"
#include "sc-render-view.h"

/* Earlier views whose tiles stay as stand-ins; tiles of older ones are dropped. */
#define N_EARLIER_VIEWS 4
/* How many coarser levels a lookup tries before it gives up. */
#define MAX_FALLBACK_LEVELS 24

/* Tiles asked for and not yet ready. A request is QUEUED in the shared queue, RUNNING on
 * a worker, or DONE in the shared list of results that the main context takes. */
typedef enum {
  REQUEST_QUEUED,
  REQUEST_RUNNING,
  REQUEST_DONE,
} RequestState;

typedef struct {
  ScTileKey       key;
  ScViewSnapshot *view;
  guint64         order;      /* when it was last asked; the newest is made first */
  guint           frame;      /* the frame it was last asked in */
  RequestState    state;
  GCancellable   *cancellable;
  ScDisplayTile  *tile;       /* the result */
} Request;

/* What the cache shares with its jobs, so that a job never touches a cache that has gone:
 * refcounted on its own, and cut off from the cache when that is disposed. */
typedef struct {
  gatomicrefcount  ref;
  GMutex           lock;
  GPtrArray       *queue;            /* Request, QUEUED */
  GPtrArray       *done;             /* Request, DONE */
  gboolean         deliver_scheduled;
  GMainContext    *context;
  GWeakRef         owner;
} Shared;

struct _ScDisplayTiles
{
  GObject         parent_instance;

  Shared         *shared;
  ScViewSnapshot *view;
  guint64         earlier[N_EARLIER_VIEWS];   /* serials, newest first; 0 = none */
  GHashTable     *tiles;      /* ScTileKey (in the tile) -> ScDisplayTile, a reference */
  GQueue          lru;        /* the tiles held, least recently used first */
  GHashTable     *pending;    /* ScTileKey (in the request) -> Request, not owned */
  gsize           budget;
  gsize           n_bytes;
  gsize           peak_bytes;
  guint           frame;
  guint64         order;
  gboolean        async;
};

enum {
  PROP_0,
  PROP_VIEW,
  PROP_BUDGET,
  N_PROPS
};

enum {
  TILES_READY,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ScDisplayTiles, sc_display_tiles, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Requests and the shared part */

static Request *
request_new (const ScTileKey *key,
             ScViewSnapshot  *view)
{
  Request *req = g_new0 (Request, 1);

  req->key = *key;
  req->view = sc_view_snapshot_ref (view);
  req->cancellable = g_cancellable_new ();
  req->state = REQUEST_QUEUED;
  return req;
}

static void
request_free (gpointer data)
{
  Request *req = data;

  g_clear_pointer (&req->view, sc_view_snapshot_unref);
  g_clear_object (&req->cancellable);
  g_clear_pointer (&req->tile, sc_display_tile_unref);
  g_free (req);
}

static Shared *
shared_new (ScDisplayTiles *owner)
{
  Shared *shared = g_new0 (Shared, 1);

  g_atomic_ref_count_init (&shared->ref);
  g_mutex_init (&shared->lock);
  shared->queue = g_ptr_array_new ();
  shared->done = g_ptr_array_new ();
  shared->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&shared->owner, owner);
  return shared;
}

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref);
  return shared;
}

static void
shared_unref (gpointer data)
{
  Shared *shared = data;

  if (!g_atomic_ref_count_dec (&shared->ref))
    return;
  g_ptr_array_foreach (shared->queue, (GFunc) request_free, NULL);
  g_ptr_array_foreach (shared->done, (GFunc) request_free, NULL);
  g_ptr_array_unref (shared->queue);
  g_ptr_array_unref (shared->done);
  g_main_context_unref (shared->context);
  g_weak_ref_clear (&shared->owner);
  g_mutex_clear (&shared->lock);
  g_free (shared);
}

/* The newest queued request, taken off the queue and marked running. Lock held. */
static Request *
shared_pop_newest (Shared *shared)
{
  Request *best = NULL;
  guint best_i = 0;

  for (guint i = 0; i < shared->queue->len; i++)
    {
      Request *req = g_ptr_array_index (shared->queue, i);

      if (best == NULL || req->order > best->order)
        {
          best = req;
          best_i = i;
        }
    }
  if (best != NULL)
    {
      g_ptr_array_remove_index_fast (shared->queue, best_i);
      best->state = REQUEST_RUNNING;
    }
  return best;
}

static void take_results (ScDisplayTiles *self, GPtrArray *done, gboolean signal);

static gboolean
shared_deliver (gpointer data)
{
  Shared *shared = data;
  g_autoptr(GPtrArray) done = NULL;
  ScDisplayTiles *self;

  g_mutex_lock (&shared->lock);
  done = g_steal_pointer (&shared->done);
  shared->done = g_ptr_array_new ();
  shared->deliver_scheduled = FALSE;
  g_mutex_unlock (&shared->lock);

  self = g_weak_ref_get (&shared->owner);
  if (self != NULL)
    {
      take_results (self, done, TRUE);
      g_object_unref (self);
    }
  g_ptr_array_foreach (done, (GFunc) request_free, NULL);
  return G_SOURCE_REMOVE;
}

/* One job per request queued: it makes whichever queued tile was asked most recently. */
static void
tile_job (gpointer data)
{
  Shared *shared = data;
  Request *req;
  ScDisplayTile *tile;

  g_mutex_lock (&shared->lock);
  req = shared_pop_newest (shared);
  g_mutex_unlock (&shared->lock);
  if (req == NULL)
    return;

  /* The request stays valid while running: only the delivery frees it. */
  tile = _sc_display_render_tile (req->view, &req->key, req->cancellable, NULL);

  g_mutex_lock (&shared->lock);
  req->tile = tile;
  req->state = REQUEST_DONE;
  g_ptr_array_add (shared->done, req);
  if (!shared->deliver_scheduled)
    {
      GSource *source = g_idle_source_new ();

      shared->deliver_scheduled = TRUE;
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, shared_deliver, shared_ref (shared), shared_unref);
      g_source_set_static_name (source, "[stackscope] display tiles");
      g_source_attach (source, shared->context);
      g_source_unref (source);
    }
  g_mutex_unlock (&shared->lock);
}

/* The cache */

static void
remove_tile (ScDisplayTiles *self,
             ScDisplayTile  *tile)
{
  g_queue_unlink (&self->lru, &tile->lru_link);
  self->n_bytes -= g_bytes_get_size (tile->pixels);
  /* the hash table drops the cache's reference */
  g_hash_table_remove (self->tiles, &tile->key);
}

/* Evicts the least recently used tiles down to budget, but none asked for in this frame:
 * a frame that evicted what it draws would ask for it again, without end. Those are the
 * most recently used, so the first one met ends the eviction. */
static void
evict_to (ScDisplayTiles *self,
          gsize           budget)
{
  while (self->n_bytes > budget && self->lru.head != NULL)
    {
      ScDisplayTile *tile = self->lru.head->data;

      if (tile->frame == self->frame)
        break;
      remove_tile (self, tile);
    }
}

/* Takes over tile (a reference). */
static void
insert_tile (ScDisplayTiles *self,
             ScDisplayTile  *tile)
{
  gsize size = g_bytes_get_size (tile->pixels);
  ScDisplayTile *old = g_hash_table_lookup (self->tiles, &tile->key);

  if (old != NULL)
    remove_tile (self, old);
  evict_to (self, self->budget > size ? self->budget - size : 0);

  g_hash_table_insert (self->tiles, &tile->key, tile);
  g_queue_push_tail_link (&self->lru, &tile->lru_link);
  self->n_bytes += size;
  self->peak_bytes = MAX (self->peak_bytes, self->n_bytes);
}

static gboolean
is_kept_serial (ScDisplayTiles *self,
                guint64         serial)
{
  if (self->view != NULL && serial == sc_view_snapshot_get_serial (self->view))
    return TRUE;
  for (guint i = 0; i < N_EARLIER_VIEWS; i++)
    if (self->earlier[i] == serial && serial != 0)
      return TRUE;
  return FALSE;
}

/* A request is finished: off the pending table, its tile into the cache. Returns whether
 * a tile of the current view came. */
static gboolean
finish_request (ScDisplayTiles *self,
                Request        *req)
{
  if (g_hash_table_lookup (self->pending, &req->key) == req)
    g_hash_table_remove (self->pending, &req->key);
  if (req->tile == NULL || !is_kept_serial (self, req->key.serial))
    return FALSE;

  req->tile->frame = req->frame;
  insert_tile (self, g_steal_pointer (&req->tile));
  return self->view != NULL && sc_view_snapshot_get_serial (self->view) == req->key.serial;
}

/* The finished requests into the cache; with signal, "tiles-ready" where a tile of the
 * current view came (not for a frame about to draw them). */
static void
take_results (ScDisplayTiles *self,
              GPtrArray      *done,
              gboolean        signal)
{
  gboolean ready = FALSE;

  for (guint i = 0; i < done->len; i++)
    ready |= finish_request (self, g_ptr_array_index (done, i));
  if (ready && signal)
    g_signal_emit (self, signals[TILES_READY], 0);
}

/* Drops queued requests (all, or those not asked in the current frame) and cancels the
 * running ones when all. */
static void
drop_requests (ScDisplayTiles *self,
               gboolean        all)
{
  Shared *shared = self->shared;
  GHashTableIter iter;
  Request *req;

  g_mutex_lock (&shared->lock);
  for (guint i = shared->queue->len; i > 0; i--)
    {
      req = g_ptr_array_index (shared->queue, i - 1);
      if (!all && req->frame == self->frame)
        continue;
      g_ptr_array_remove_index_fast (shared->queue, i - 1);
      g_hash_table_remove (self->pending, &req->key);
      request_free (req);
    }
  if (all)
    {
      g_hash_table_iter_init (&iter, self->pending);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &req))
        if (req->state == REQUEST_RUNNING)
          g_cancellable_cancel (req->cancellable);
    }
  g_mutex_unlock (&shared->lock);
}

static void
sc_display_tiles_dispose (GObject *object)
{
  ScDisplayTiles *self = SC_DISPLAY_TILES (object);

  if (self->shared != NULL)
    {
      /* running jobs finish on their own and their results are dropped */
      drop_requests (self, TRUE);
      g_weak_ref_set (&self->shared->owner, NULL);
      g_hash_table_remove_all (self->pending);
    }
  while (self->lru.head != NULL)
    remove_tile (self, self->lru.head->data);
  g_clear_pointer (&self->view, sc_view_snapshot_unref);

  G_OBJECT_CLASS (sc_display_tiles_parent_class)->dispose (object);
}

static void
sc_display_tiles_finalize (GObject *object)
{
  ScDisplayTiles *self = SC_DISPLAY_TILES (object);

  g_clear_pointer (&self->shared, shared_unref);
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (sc_display_tiles_parent_class)->finalize (object);
}

static void
sc_display_tiles_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScDisplayTiles *self = SC_DISPLAY_TILES (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_pointer (value, self->view);
      break;
    case PROP_BUDGET:
      g_value_set_uint64 (value, self->budget);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_display_tiles_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScDisplayTiles *self = SC_DISPLAY_TILES (object);

  switch (prop_id)
    {
    case PROP_BUDGET:
      sc_display_tiles_set_budget (self, (gsize) g_value_get_uint64 (value));
      break;
    case PROP_VIEW:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_display_tiles_class_init (ScDisplayTilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_display_tiles_dispose;
  object_class->finalize = sc_display_tiles_finalize;
  object_class->get_property = sc_display_tiles_get_property;
  object_class->set_property = sc_display_tiles_set_property;

  /* the ScViewSnapshot shown, not a reference; set with sc_display_tiles_set_view() */
  properties[PROP_VIEW] =
    g_param_spec_pointer ("view", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUDGET] =
    g_param_spec_uint64 ("budget", NULL, NULL, 0, G_MAXUINT64, 256u << 20,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TILES_READY] =
    g_signal_new ("tiles-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sc_display_tiles_init (ScDisplayTiles *self)
{
  self->shared = shared_new (self);
  self->tiles = g_hash_table_new_full (_sc_display_tile_key_hash, _sc_display_tile_key_equal,
                                       NULL, (GDestroyNotify) sc_display_tile_unref);
  self->pending = g_hash_table_new (_sc_display_tile_key_hash, _sc_display_tile_key_equal);
  self->budget = 256u << 20;
  self->async = TRUE;
}

ScDisplayTiles *
sc_display_tiles_new (gsize budget_bytes)
{
  ScDisplayTiles *self = g_object_new (SC_TYPE_DISPLAY_TILES, NULL);

  self->budget = budget_bytes;
  return self;
}

/* Drops the tiles of views that are neither current nor among the earlier ones kept. */
static void
drop_old_tiles (ScDisplayTiles *self)
{
  GList *l = self->lru.head;

  while (l != NULL)
    {
      ScDisplayTile *tile = l->data;

      l = l->next;
      if (!is_kept_serial (self, tile->key.serial))
        remove_tile (self, tile);
    }
}

void
sc_display_tiles_set_view (ScDisplayTiles *self,
                           ScViewSnapshot *view)
{
  g_return_if_fail (SC_IS_DISPLAY_TILES (self));

  if (view == self->view)
    return;
  if (view != NULL && self->view != NULL &&
      sc_view_snapshot_get_serial (view) == sc_view_snapshot_get_serial (self->view))
    {
      /* the same pixels: the tiles and the work queued stay good */
      sc_view_snapshot_unref (self->view);
      self->view = sc_view_snapshot_ref (view);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
      return;
    }

  drop_requests (self, TRUE);
  if (self->view != NULL)
    {
      memmove (self->earlier + 1, self->earlier, sizeof self->earlier[0] * (N_EARLIER_VIEWS - 1));
      self->earlier[0] = sc_view_snapshot_get_serial (self->view);
      sc_view_snapshot_unref (self->view);
    }
  self->view = view != NULL ? sc_view_snapshot_ref (view) : NULL;
  drop_old_tiles (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

ScViewSnapshot *
sc_display_tiles_get_view (ScDisplayTiles *self)
{
  g_return_val_if_fail (SC_IS_DISPLAY_TILES (self), NULL);
  return self->view;
}

static ScDisplayTile *
find_tile (ScDisplayTiles  *self,
           const ScTileKey *key)
{
  ScDisplayTile *tile = g_hash_table_lookup (self->tiles, key);

  if (tile == NULL)
    return NULL;
  /* the most recently used go last */
  tile->frame = self->frame;
  g_queue_unlink (&self->lru, &tile->lru_link);
  g_queue_push_tail_link (&self->lru, &tile->lru_link);
  return sc_display_tile_ref (tile);
}

/* The tile of serial at level, or the nearest coarser one that covers it. */
static ScDisplayTile *
find_covering (ScDisplayTiles *self,
               guint64         serial,
               guint           level,
               guint           tx,
               guint           ty,
               guint           first)
{
  for (guint d = first; d <= MAX_FALLBACK_LEVELS && level + d < 32; d++)
    {
      ScTileKey key = { serial, level + d, tx >> d, ty >> d };
      ScDisplayTile *tile = find_tile (self, &key);

      if (tile != NULL)
        return tile;
    }
  return NULL;
}

static void
want_tile (ScDisplayTiles  *self,
           const ScTileKey *key)
{
  Request *req = g_hash_table_lookup (self->pending, key);

  g_mutex_lock (&self->shared->lock);
  if (req != NULL)
    {
      req->order = ++self->order;
      req->frame = self->frame;
      g_mutex_unlock (&self->shared->lock);
      return;
    }
  req = request_new (key, self->view);
  req->order = ++self->order;
  req->frame = self->frame;
  g_ptr_array_add (self->shared->queue, req);
  g_mutex_unlock (&self->shared->lock);

  g_hash_table_insert (self->pending, &req->key, req);
  if (self->async)
    sc_parallel_run_background (tile_job, shared_ref (self->shared), shared_unref);
}

ScDisplayTile *
sc_display_tiles_lookup (ScDisplayTiles *self,
                         guint           level,
                         guint           tx,
                         guint           ty,
                         gboolean       *exact)
{
  ScDisplayTile *tile;
  ScTileKey key;
  guint lw, lh;

  if (exact != NULL)
    *exact = FALSE;
  g_return_val_if_fail (SC_IS_DISPLAY_TILES (self), NULL);
  g_return_val_if_fail (level < 32, NULL);

  if (self->view == NULL)
    return NULL;
  sc_render_view_level_size (sc_view_snapshot_get_width (self->view),
                             sc_view_snapshot_get_height (self->view), level, &lw, &lh);
  if ((guint64) tx * SC_DISPLAY_TILE_SIZE >= lw || (guint64) ty * SC_DISPLAY_TILE_SIZE >= lh)
    return NULL;

  key = (ScTileKey) { sc_view_snapshot_get_serial (self->view), level, tx, ty };
  tile = find_tile (self, &key);
  if (tile != NULL)
    {
      if (exact != NULL)
        *exact = TRUE;
      return tile;
    }

  want_tile (self, &key);
  tile = find_covering (self, key.serial, level, tx, ty, 1);
  for (guint i = 0; tile == NULL && i < N_EARLIER_VIEWS && self->earlier[i] != 0; i++)
    tile = find_covering (self, self->earlier[i], level, tx, ty, 0);
  return tile;
}

/* Tiles the workers finished since the last delivery, taken now: a frame draws every tile
 * that is ready when it begins, not only those whose delivery the main loop ran. The
 * delivery still to come finds nothing, and emits nothing: the frame draws them. */
static void
take_finished (ScDisplayTiles *self)
{
  Shared *shared = self->shared;
  g_autoptr(GPtrArray) done = NULL;

  g_mutex_lock (&shared->lock);
  if (shared->done->len > 0)
    {
      done = g_steal_pointer (&shared->done);
      shared->done = g_ptr_array_new ();
    }
  g_mutex_unlock (&shared->lock);
  if (done == NULL)
    return;

  take_results (self, done, FALSE);
  g_ptr_array_foreach (done, (GFunc) request_free, NULL);
}

void
sc_display_tiles_begin_frame (ScDisplayTiles *self)
{
  g_return_if_fail (SC_IS_DISPLAY_TILES (self));

  take_finished (self);
  drop_requests (self, FALSE);
  self->frame++;
}

gboolean
sc_display_tiles_fill_sync (ScDisplayTiles  *self,
                            GError         **error)
{
  g_return_val_if_fail (SC_IS_DISPLAY_TILES (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (;;)
    {
      Request *req;
      gboolean ok;

      g_mutex_lock (&self->shared->lock);
      req = shared_pop_newest (self->shared);
      g_mutex_unlock (&self->shared->lock);
      if (req == NULL)
        return TRUE;

      req->tile = _sc_display_render_tile (req->view, &req->key, req->cancellable, error);
      ok = req->tile != NULL;
      finish_request (self, req);
      request_free (req);
      if (!ok)
        return FALSE;
    }
}

gsize
sc_display_tiles_get_budget (ScDisplayTiles *self)
{
  g_return_val_if_fail (SC_IS_DISPLAY_TILES (self), 0);
  return self->budget;
}

void
sc_display_tiles_set_budget (ScDisplayTiles *self,
                             gsize           budget_bytes)
{
  g_return_if_fail (SC_IS_DISPLAY_TILES (self));

  if (budget_bytes == self->budget)
    return;
  self->budget = budget_bytes;
  evict_to (self, budget_bytes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUDGET]);
}

gsize
sc_display_tiles_get_n_bytes (ScDisplayTiles *self)
{
  g_return_val_if_fail (SC_IS_DISPLAY_TILES (self), 0);
  return self->n_bytes;
}

gsize
sc_display_tiles_get_peak_bytes (ScDisplayTiles *self)
{
  g_return_val_if_fail (SC_IS_DISPLAY_TILES (self), 0);
  return self->peak_bytes;
}

guint
sc_display_tiles_get_n_pending (ScDisplayTiles *self)
{
  g_return_val_if_fail (SC_IS_DISPLAY_TILES (self), 0);
  return g_hash_table_size (self->pending);
}

void
sc_display_tiles_set_async (ScDisplayTiles *self,
                            gboolean        async)
{
  guint n_queued;

  g_return_if_fail (SC_IS_DISPLAY_TILES (self));

  async = !!async;
  if (async == self->async)
    return;
  self->async = async;
  if (!async)
    return;

  /* the tiles queued meanwhile get their jobs now */
  g_mutex_lock (&self->shared->lock);
  n_queued = self->shared->queue->len;
  g_mutex_unlock (&self->shared->lock);
  for (guint i = 0; i < n_queued; i++)
    sc_parallel_run_background (tile_job, shared_ref (self->shared), shared_unref);
}
