/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "sc-error.h"
#include "sc-memory-source.h"
#include "sc-projection.h"
#include "sc-projection-kernels.h"
#include "sc-source.h"

/* How the streaming methods accumulate. Integer data is summed exactly in integers;
 * float data and the squares of 32-bit data in double, shifted by the first value. */
typedef enum {
  ACC_MINMAX,       /* the result itself, of the input type */
  ACC_SUM_I32,
  ACC_SUM_I64,
  ACC_SUM_F64,
  ACC_SQ_I32,       /* i32 sum + u64 sum of squares */
  ACC_SQ_I64,       /* i64 sum + u64 sum of squares */
  ACC_SHIFTED,      /* f64 sum + f64 sum of squares + the shift, of the input type */
} AccKind;

/* Accumulator bands of about this size stay in a core's L2 cache while the planes of a
 * chunk go through them. */
#define BAND_BYTES        (256 * 1024)
/* Input that a streaming step reads, so that progress moves and threads start rarely. */
#define STEP_INPUT_BYTES  (64 * 1024 * 1024)
/* Samples in one order-statistics work item. */
#define TILE_SAMPLES      4096
/* Order statistics read at most this much per step (within the budget): it stays in
 * the last-level cache between reading and selecting, and is quick to allocate. */
#define SELECT_BUFFER_BYTES (64 * 1024 * 1024)
#define HUGE_ALLOC_MIN    (4 * 1024 * 1024)

struct _ScProjection
{
  GObject               parent_instance;

  ScStack              *stack;
  ScProjectionMethod    method;
  double                percentile;
  guint                 first;
  guint                 last;
  guint                 step;
  int                   channel;
  int                   frame;
  guint                 n_threads;
  guint64               memory_budget;
  guint                 chunk_size;
  guint                 sd_population : 1;
  guint                 progressive : 1;
  guint                 zero_copy : 1;

  ScProjectionProgress  progress_func;
  gpointer              progress_data;
  GDestroyNotify        progress_destroy;

  /* Held while a step runs, so that get_partial() may be called from another thread. */
  GMutex                lock;

  /* The plan, fixed by prepare(). */
  guint                 prepared : 1;
  guint                 failed : 1;
  ScSampleType          type;
  ScSampleType          result_type;
  gsize                 in_size;
  gsize                 out_size;
  guint                 width;
  guint                 height;
  gsize                 row_samples;
  gsize                 row_stride;
  gsize                 plane_samples;
  guint                 n_out_c;
  guint                 n_out_t;
  guint                 n_out;
  guint                 n_in;
  guint                *slices;
  guint                 threads;
  guint64               budget;
  guint                 steps_total;
  guint                 steps_done;
  guint64               bytes_read;

  guint8               *out;

  /* Streaming methods */
  AccKind               kind;
  gpointer              acc_sum;
  guint64              *acc_sq;
  gpointer              acc_shift;
  guint                 chunk_slices;
  guint                 band_rows;
  guint                 n_bands;
  guint                 bands_per_step;
  guint                 n_seen;

  /* Order statistics */
  ScSelectSpec          spec;
  guint                 chunk_rows;
  gsize                 seg_samples;
  guint                 segs_per_row;
  guint                 chunks_per_plane;
  guint8               *buffer;
  const guint8        **bases;
  gsize                *base_strides;

  /* Two scratch areas per thread: input rows; accumulators, row pointers, select scratch. */
  guint8              **scratch;
  gsize                *scratch_size;

  ScStack              *result;
  GBytes               *result_bytes;
};

enum {
  PROP_0,
  PROP_STACK,
  PROP_METHOD,
  PROP_PERCENTILE,
  PROP_CHANNEL,
  PROP_FRAME,
  PROP_SD_POPULATION,
  PROP_N_THREADS,
  PROP_MEMORY_BUDGET,
  PROP_CHUNK_SIZE,
  PROP_PROGRESSIVE,
  PROP_ZERO_COPY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ScProjection, sc_projection, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ScProjectionMethod, sc_projection_method,
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_MAX, "max"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_MIN, "min"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_SUM, "sum"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_MEAN, "mean"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_SD, "sd"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_MEDIAN, "median"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_PERCENTILE, "percentile"))

static GParamSpec *properties[N_PROPS];

static const char * const method_names[] = { "max", "min", "sum", "mean", "sd", "median", "percentile" };

const char *
sc_projection_method_to_string (ScProjectionMethod method)
{
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (method_names), NULL);
  return method_names[method];
}

gboolean
sc_projection_method_from_string (const char         *str,
                                  ScProjectionMethod *method)
{
  g_return_val_if_fail (method != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (method_names); i++)
    if (g_strcmp0 (str, method_names[i]) == 0)
      {
        *method = (ScProjectionMethod) i;
        return TRUE;
      }
  return FALSE;
}

ScSampleType
sc_projection_method_result_type (ScProjectionMethod method,
                                  ScSampleType       input)
{
  return method == SC_PROJECTION_MAX || method == SC_PROJECTION_MIN ? input : SC_SAMPLE_F32;
}

static gboolean
is_streaming (ScProjectionMethod method)
{
  return method != SC_PROJECTION_MEDIAN && method != SC_PROJECTION_PERCENTILE;
}

static void
free_plan (ScProjection *self)
{
  g_clear_pointer (&self->slices, g_free);
  g_clear_pointer (&self->out, g_free);
  g_clear_pointer (&self->acc_sum, g_free);
  g_clear_pointer (&self->acc_sq, g_free);
  g_clear_pointer (&self->acc_shift, g_free);
  g_clear_pointer (&self->buffer, g_free);
  g_clear_pointer (&self->bases, g_free);
  g_clear_pointer (&self->base_strides, g_free);
  if (self->scratch != NULL)
    for (guint i = 0; i < 2 * self->threads; i++)
      g_free (self->scratch[i]);
  g_clear_pointer (&self->scratch, g_free);
  g_clear_pointer (&self->scratch_size, g_free);
}

static void
sc_projection_finalize (GObject *object)
{
  ScProjection *self = SC_PROJECTION (object);

  free_plan (self);
  if (self->progress_destroy)
    self->progress_destroy (self->progress_data);
  g_clear_object (&self->result);
  g_clear_pointer (&self->result_bytes, g_bytes_unref);
  g_clear_object (&self->stack);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sc_projection_parent_class)->finalize (object);
}

static void
sc_projection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ScProjection *self = SC_PROJECTION (object);

  switch (prop_id)
    {
    case PROP_STACK:
      g_value_set_object (value, self->stack);
      break;
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_PERCENTILE:
      g_value_set_double (value, self->percentile);
      break;
    case PROP_CHANNEL:
      g_value_set_int (value, self->channel);
      break;
    case PROP_FRAME:
      g_value_set_int (value, self->frame);
      break;
    case PROP_SD_POPULATION:
      g_value_set_boolean (value, self->sd_population);
      break;
    case PROP_N_THREADS:
      g_value_set_uint (value, self->n_threads);
      break;
    case PROP_MEMORY_BUDGET:
      g_value_set_uint64 (value, self->memory_budget);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, self->chunk_size);
      break;
    case PROP_PROGRESSIVE:
      g_value_set_boolean (value, self->progressive);
      break;
    case PROP_ZERO_COPY:
      g_value_set_boolean (value, self->zero_copy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_projection_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ScProjection *self = SC_PROJECTION (object);

  switch (prop_id)
    {
    case PROP_STACK:
      self->stack = g_value_dup_object (value);
      break;
    case PROP_METHOD:
      self->method = g_value_get_enum (value);
      break;
    case PROP_PERCENTILE:
      sc_projection_set_percentile (self, g_value_get_double (value));
      break;
    case PROP_CHANNEL:
      sc_projection_set_channel (self, g_value_get_int (value));
      break;
    case PROP_FRAME:
      sc_projection_set_frame (self, g_value_get_int (value));
      break;
    case PROP_SD_POPULATION:
      sc_projection_set_sd_population (self, g_value_get_boolean (value));
      break;
    case PROP_N_THREADS:
      sc_projection_set_n_threads (self, g_value_get_uint (value));
      break;
    case PROP_MEMORY_BUDGET:
      sc_projection_set_memory_budget (self, g_value_get_uint64 (value));
      break;
    case PROP_CHUNK_SIZE:
      sc_projection_set_chunk_size (self, g_value_get_uint (value));
      break;
    case PROP_PROGRESSIVE:
      sc_projection_set_progressive (self, g_value_get_boolean (value));
      break;
    case PROP_ZERO_COPY:
      sc_projection_set_zero_copy (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_projection_class_init (ScProjectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_projection_finalize;
  object_class->get_property = sc_projection_get_property;
  object_class->set_property = sc_projection_set_property;

  properties[PROP_STACK] =
    g_param_spec_object ("stack", NULL, NULL, SC_TYPE_STACK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL, SC_TYPE_PROJECTION_METHOD, SC_PROJECTION_MAX,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERCENTILE] =
    g_param_spec_double ("percentile", NULL, NULL, 0, 100, 50,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANNEL] =
    g_param_spec_int ("channel", NULL, NULL, -1, G_MAXINT, SC_PROJECTION_ALL,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAME] =
    g_param_spec_int ("frame", NULL, NULL, -1, G_MAXINT, SC_PROJECTION_ALL,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SD_POPULATION] =
    g_param_spec_boolean ("sd-population", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_THREADS] =
    g_param_spec_uint ("n-threads", NULL, NULL, 0, 1024, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMORY_BUDGET] =
    g_param_spec_uint64 ("memory-budget", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint ("chunk-size", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PROGRESSIVE] =
    g_param_spec_boolean ("progressive", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZERO_COPY] =
    g_param_spec_boolean ("zero-copy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_projection_init (ScProjection *self)
{
  self->percentile = 50;
  self->last = G_MAXUINT;
  self->step = 1;
  self->channel = SC_PROJECTION_ALL;
  self->frame = SC_PROJECTION_ALL;
  self->progressive = TRUE;
  g_mutex_init (&self->lock);
}

ScProjection *
sc_projection_new (ScStack            *stack,
                   ScProjectionMethod  method)
{
  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (method_names), NULL);

  return g_object_new (SC_TYPE_PROJECTION, "stack", stack, "method", method, NULL);
}

ScStack *
sc_projection_get_stack (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);
  return self->stack;
}

ScProjectionMethod
sc_projection_get_method (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), SC_PROJECTION_MAX);
  return self->method;
}

void
sc_projection_set_percentile (ScProjection *self,
                              double        percentile)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (percentile >= 0 && percentile <= 100);
  g_return_if_fail (!self->prepared);

  if (self->percentile != percentile)
    {
      self->percentile = percentile;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERCENTILE]);
    }
}

double
sc_projection_get_percentile (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 50);
  return self->percentile;
}

void
sc_projection_set_slices (ScProjection *self,
                          guint         first,
                          guint         last,
                          guint         step)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (first <= last);
  g_return_if_fail (step > 0);
  g_return_if_fail (!self->prepared);

  self->first = first;
  self->last = last;
  self->step = step;
}

void
sc_projection_get_slices (ScProjection *self,
                          guint        *first,
                          guint        *last,
                          guint        *step)
{
  g_return_if_fail (SC_IS_PROJECTION (self));

  if (first)
    *first = self->first;
  if (last)
    *last = self->last;
  if (step)
    *step = self->step;
}

void
sc_projection_set_channel (ScProjection *self,
                           int           channel)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (channel >= SC_PROJECTION_ALL);
  g_return_if_fail (!self->prepared);

  if (self->channel != channel)
    {
      self->channel = channel;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
    }
}

int
sc_projection_get_channel (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), SC_PROJECTION_ALL);
  return self->channel;
}

void
sc_projection_set_frame (ScProjection *self,
                         int           frame)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (frame >= SC_PROJECTION_ALL);
  g_return_if_fail (!self->prepared);

  if (self->frame != frame)
    {
      self->frame = frame;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
    }
}

int
sc_projection_get_frame (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), SC_PROJECTION_ALL);
  return self->frame;
}

void
sc_projection_set_sd_population (ScProjection *self,
                                 gboolean      population)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  population = !!population;
  if (self->sd_population != population)
    {
      self->sd_population = population;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SD_POPULATION]);
    }
}

gboolean
sc_projection_get_sd_population (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), FALSE);
  return self->sd_population;
}

void
sc_projection_set_n_threads (ScProjection *self,
                             guint         n_threads)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  if (self->n_threads != n_threads)
    {
      self->n_threads = n_threads;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_THREADS]);
    }
}

guint
sc_projection_get_n_threads (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->n_threads;
}

void
sc_projection_set_memory_budget (ScProjection *self,
                                 guint64       bytes)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  if (self->memory_budget != bytes)
    {
      self->memory_budget = bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_BUDGET]);
    }
}

guint64
sc_projection_get_memory_budget (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->memory_budget;
}

void
sc_projection_set_chunk_size (ScProjection *self,
                              guint         chunk_size)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  if (self->chunk_size != chunk_size)
    {
      self->chunk_size = chunk_size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_SIZE]);
    }
}

guint
sc_projection_get_chunk_size (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->chunk_size;
}

void
sc_projection_set_progressive (ScProjection *self,
                               gboolean      progressive)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  progressive = !!progressive;
  if (self->progressive != progressive)
    {
      self->progressive = progressive;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESSIVE]);
    }
}

gboolean
sc_projection_get_progressive (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), TRUE);
  return self->progressive;
}

void
sc_projection_set_zero_copy (ScProjection *self,
                             gboolean      zero_copy)
{
  g_return_if_fail (SC_IS_PROJECTION (self));
  g_return_if_fail (!self->prepared);

  zero_copy = !!zero_copy;
  if (self->zero_copy != zero_copy)
    {
      self->zero_copy = zero_copy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZERO_COPY]);
    }
}

gboolean
sc_projection_get_zero_copy (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), FALSE);
  return self->zero_copy;
}

void
sc_projection_set_progress_func (ScProjection         *self,
                                 ScProjectionProgress  func,
                                 gpointer              user_data,
                                 GDestroyNotify        destroy)
{
  g_return_if_fail (SC_IS_PROJECTION (self));

  if (self->progress_destroy)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/* ---- Planning ---- */

static guint64
default_budget (void)
{
  guint64 available = 0;
  g_autofree char *meminfo = NULL;

  if (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL))
    {
      const char *line = strstr (meminfo, "MemAvailable:");
      if (line != NULL)
        available = g_ascii_strtoull (line + strlen ("MemAvailable:"), NULL, 10) * 1024;
    }
#ifdef _SC_AVPHYS_PAGES
  if (available == 0)
    {
      long pages = sysconf (_SC_AVPHYS_PAGES), page_size = sysconf (_SC_PAGESIZE);
      if (pages > 0 && page_size > 0)
        available = (guint64) pages * (guint64) page_size;
    }
#endif
  if (available == 0)
    return 256 * 1024 * 1024;
  return MIN ((guint64) 256 * 1024 * 1024, available / 4);
}

static gsize
acc_bytes_per_sample (ScProjection *self)
{
  switch (self->kind)
    {
    case ACC_MINMAX: return self->in_size;
    case ACC_SUM_I32: return 4;
    case ACC_SUM_I64: return 8;
    case ACC_SUM_F64: return 8;
    case ACC_SQ_I32: return 12;
    case ACC_SQ_I64: return 16;
    case ACC_SHIFTED: return 16 + self->in_size;
    default: g_assert_not_reached ();
    }
}

/* Large arrays in transparent huge pages where the system offers them: touching fresh
 * memory a 4 KiB page at a time costs more than the projection itself on some virtual
 * machines. Freed with g_free() (free()). */
static gpointer
try_alloc (gsize     n_bytes,
           gboolean  zero,
           GError  **error)
{
  gpointer p = NULL;

#if defined(MADV_HUGEPAGE)
  if (n_bytes >= HUGE_ALLOC_MIN)
    {
      if (posix_memalign (&p, 2 * 1024 * 1024, n_bytes) != 0)
        p = NULL;
      else
        {
          madvise (p, n_bytes, MADV_HUGEPAGE);
          if (zero)
            memset (p, 0, n_bytes);
        }
    }
  else
#endif
    p = zero ? g_try_malloc0 (MAX (n_bytes, 1)) : g_try_malloc (MAX (n_bytes, 1));

  if (p == NULL)
    g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                 "Not enough memory for the projection (%" G_GSIZE_FORMAT " MiB more needed)",
                 n_bytes >> 20);
  return p;
}

static void
fill_identity (ScProjection *self,
               guint8       *dest,
               gsize         n)
{
  gboolean is_max = self->method == SC_PROJECTION_MAX;

  switch (self->type)
    {
    case SC_SAMPLE_U8:
      memset (dest, is_max ? 0 : 0xff, n);
      break;
    case SC_SAMPLE_U16:
      {
        guint16 *o = (guint16 *) (gpointer) dest;
        for (gsize i = 0; i < n; i++)
          o[i] = is_max ? 0 : G_MAXUINT16;
      }
      break;
    case SC_SAMPLE_U32:
      {
        guint32 *o = (guint32 *) (gpointer) dest;
        for (gsize i = 0; i < n; i++)
          o[i] = is_max ? 0 : G_MAXUINT32;
      }
      break;
    case SC_SAMPLE_I8:
      memset (dest, is_max ? 0x80 : 0x7f, n);
      break;
    case SC_SAMPLE_I16:
      {
        gint16 *o = (gint16 *) (gpointer) dest;
        for (gsize i = 0; i < n; i++)
          o[i] = is_max ? G_MININT16 : G_MAXINT16;
      }
      break;
    case SC_SAMPLE_I32:
      {
        gint32 *o = (gint32 *) (gpointer) dest;
        for (gsize i = 0; i < n; i++)
          o[i] = is_max ? G_MININT32 : G_MAXINT32;
      }
      break;
    case SC_SAMPLE_F32:
      {
        float *o = (float *) (gpointer) dest;
        for (gsize i = 0; i < n; i++)
          o[i] = is_max ? -INFINITY : INFINITY;
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
plan_streaming (ScProjection  *self,
                GError       **error)
{
  gsize n_samples = (gsize) self->n_out * self->plane_samples;
  double range_min, range_max, max_abs;
  gboolean small_int = self->in_size <= 2 && sc_sample_type_is_integer (self->type);
  gsize acc_row;
  gsize plane_bytes;

  sc_sample_type_get_range (self->type, &range_min, &range_max);
  max_abs = MAX (fabs (range_min), fabs (range_max));

  switch (self->method)
    {
    case SC_PROJECTION_MAX:
    case SC_PROJECTION_MIN:
      self->kind = ACC_MINMAX;
      break;
    case SC_PROJECTION_SUM:
    case SC_PROJECTION_MEAN:
      if (self->type == SC_SAMPLE_F32)
        self->kind = ACC_SUM_F64;
      else if (small_int && max_abs * self->n_in <= G_MAXINT32)
        self->kind = ACC_SUM_I32;
      else
        self->kind = ACC_SUM_I64;
      break;
    case SC_PROJECTION_SD:
      if (!small_int)
        self->kind = ACC_SHIFTED;
      else if (max_abs * self->n_in <= G_MAXINT32)
        self->kind = ACC_SQ_I32;
      else
        self->kind = ACC_SQ_I64;
      break;
    case SC_PROJECTION_MEDIAN:
    case SC_PROJECTION_PERCENTILE:
    default:
      g_assert_not_reached ();
    }

  if (!self->progressive)
    {
      /* Accumulators per thread and band only; unfinished rows of a partial result are 0. */
      if (!(self->out = try_alloc (n_samples * self->out_size, TRUE, error)))
        return FALSE;
    }
  else
    {
      if (!(self->out = try_alloc (n_samples * self->out_size, FALSE, error)))
        return FALSE;
      switch (self->kind)
        {
        case ACC_MINMAX:
          fill_identity (self, self->out, n_samples);
          break;
        case ACC_SUM_I32:
          self->acc_sum = try_alloc (n_samples * 4, TRUE, error);
          break;
        case ACC_SUM_I64:
        case ACC_SUM_F64:
          self->acc_sum = try_alloc (n_samples * 8, TRUE, error);
          break;
        case ACC_SQ_I32:
          if ((self->acc_sum = try_alloc (n_samples * 4, TRUE, error)))
            self->acc_sq = try_alloc (n_samples * 8, TRUE, error);
          break;
        case ACC_SQ_I64:
          if ((self->acc_sum = try_alloc (n_samples * 8, TRUE, error)))
            self->acc_sq = try_alloc (n_samples * 8, TRUE, error);
          break;
        case ACC_SHIFTED:
          if ((self->acc_sum = try_alloc (n_samples * 8, TRUE, error))
              && (self->acc_sq = try_alloc (n_samples * 8, TRUE, error)))
            self->acc_shift = try_alloc (n_samples * self->in_size, TRUE, error);
          break;
        default:
          g_assert_not_reached ();
        }
      if (self->kind != ACC_MINMAX
          && (self->acc_sum == NULL || (self->kind >= ACC_SQ_I32 && self->acc_sq == NULL)
              || (self->kind == ACC_SHIFTED && self->acc_shift == NULL)))
        return FALSE;
    }

  /* Bands of rows whose accumulators fit in L2, and enough of them for every thread. */
  acc_row = self->row_samples * acc_bytes_per_sample (self);
  self->band_rows = CLAMP (BAND_BYTES / MAX (acc_row, 1), 1, self->height);
  if ((gsize) self->n_out * ((self->height + self->band_rows - 1) / self->band_rows) < 4 * self->threads)
    self->band_rows = MAX (1, self->height / MAX (1, (4 * self->threads) / self->n_out));
  self->n_bands = (self->height + self->band_rows - 1) / self->band_rows;

  plane_bytes = self->plane_samples * self->in_size * self->n_out;
  if (!self->progressive)
    {
      /* Steps of whole bands; chunk_size counts rows here, as for order statistics. */
      guint64 band_input = (guint64) self->band_rows * self->row_stride * self->n_in * self->n_out;
      if (self->chunk_size > 0)
        self->bands_per_step = MAX (1, self->chunk_size / self->band_rows);
      else
        self->bands_per_step = CLAMP (4 * STEP_INPUT_BYTES / MAX (band_input, 1), 1, self->n_bands);
      self->bands_per_step = MIN (self->bands_per_step, self->n_bands);
      self->chunk_slices = self->n_in;
      self->steps_total = (self->n_bands + self->bands_per_step - 1) / self->bands_per_step;
      return TRUE;
    }
  if (self->chunk_size > 0)
    self->chunk_slices = MIN (self->chunk_size, self->n_in);
  else
    self->chunk_slices = CLAMP (STEP_INPUT_BYTES / MAX (plane_bytes, 1), 1, self->n_in);
  self->steps_total = (self->n_in + self->chunk_slices - 1) / self->chunk_slices;

  return TRUE;
}

static gboolean
plan_select (ScProjection  *self,
             GError       **error)
{
  gsize n_samples = (gsize) self->n_out * self->plane_samples;
  guint64 row_all = (guint64) self->row_stride * self->n_in;
  guint64 avail;
  gboolean peekable;

  if (self->method == SC_PROJECTION_MEDIAN)
    {
      self->spec.k = (self->n_in - 1) / 2;
      self->spec.need_next = self->n_in % 2 == 0;
      self->spec.median = TRUE;
      self->spec.frac = 0.5;
    }
  else
    {
      /* numpy's "linear" method: virtual index (n - 1) * q. */
      double virtual_index = (self->n_in - 1) * (self->percentile / 100.0);
      double lo = floor (virtual_index);

      self->spec.k = MIN ((guint) lo, self->n_in - 1);
      self->spec.frac = virtual_index - lo;
      self->spec.need_next = self->spec.frac > 0 && self->spec.k + 1 < self->n_in;
      self->spec.median = FALSE;
    }
  self->spec.n = self->n_in;

  if (!(self->out = try_alloc (n_samples * self->out_size, TRUE, error)))
    return FALSE;

  /* Rows of every slice for a band must be at hand at once: read into a buffer of at
   * most the budget, or taken in place where the source maps them. */
  avail = self->budget;
  peekable = self->zero_copy && sc_stack_peek_rows (self->stack, 0, 0, 1) != NULL;
  if (self->chunk_size > 0 && (guint64) self->chunk_size * row_all <= avail)
    {
      self->chunk_rows = MIN (self->chunk_size, self->height);
      self->seg_samples = self->row_samples;
    }
  else if (row_all <= avail)
    {
      guint64 rows = MIN (avail, MAX (SELECT_BUFFER_BYTES, row_all)) / row_all;

      /* Whole strips of common heights where possible, so that compressed strips are
       * not decoded twice. */
      if (rows >= 64)
        rows -= rows % 16;
      self->chunk_rows = MIN ((guint64) self->height, rows);
      if (peekable)
        self->chunk_rows = MIN (self->chunk_rows, MAX (1, (self->height + 15) / 16));
      self->seg_samples = self->row_samples;
    }
  else
    {
      /* Not even one row of every slice fits: take rows in segments, reading each
       * row once per segment. */
      guint64 seg = avail / ((guint64) self->n_in * self->in_size);

      if (seg == 0)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                       "%u slices do not fit the memory budget of %" G_GUINT64_FORMAT
                       " MiB for a median or percentile; allow more memory",
                       self->n_in, self->budget >> 20);
          return FALSE;
        }
      if (seg >= 64)
        seg -= seg % 64;
      self->chunk_rows = 1;
      self->seg_samples = MIN (seg, self->row_samples);
    }
  self->segs_per_row = (self->row_samples + self->seg_samples - 1) / self->seg_samples;
  self->chunks_per_plane = ((self->height + self->chunk_rows - 1) / self->chunk_rows)
                           * self->segs_per_row;
  self->steps_total = self->n_out * self->chunks_per_plane;

  self->bases = g_new0 (const guint8 *, self->n_in);
  self->base_strides = g_new0 (gsize, self->n_in);

  return TRUE;
}

gboolean
sc_projection_prepare (ScProjection  *self,
                       GError       **error)
{
  guint C, Z, T, last;

  g_return_val_if_fail (SC_IS_PROJECTION (self), FALSE);

  if (self->failed)
    {
      g_set_error_literal (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                           "This projection failed or was cancelled; start a new one");
      return FALSE;
    }
  if (self->prepared)
    return TRUE;

  C = sc_stack_get_n_channels (self->stack);
  Z = sc_stack_get_n_slices (self->stack);
  T = sc_stack_get_n_frames (self->stack);

  if (self->channel != SC_PROJECTION_ALL && (guint) self->channel >= C)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                   "Channel %d does not exist: %s has %u channel%s",
                   self->channel + 1, sc_stack_get_display_name (self->stack), C,
                   C == 1 ? "" : "s");
      return FALSE;
    }
  if (self->frame != SC_PROJECTION_ALL && (guint) self->frame >= T)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                   "Time point %d does not exist: %s has %u time point%s",
                   self->frame + 1, sc_stack_get_display_name (self->stack), T,
                   T == 1 ? "" : "s");
      return FALSE;
    }
  last = self->last == G_MAXUINT ? Z - 1 : self->last;
  if (self->first >= Z || last >= Z)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                   "Slices %u to %u are out of range: %s has %u slice%s",
                   self->first + 1, last + 1, sc_stack_get_display_name (self->stack), Z,
                   Z == 1 ? "" : "s");
      return FALSE;
    }

  self->type = sc_stack_get_sample_type (self->stack);
  self->result_type = sc_projection_method_result_type (self->method, self->type);
  self->in_size = sc_sample_type_size (self->type);
  self->out_size = sc_sample_type_size (self->result_type);
  self->width = sc_stack_get_width (self->stack);
  self->height = sc_stack_get_height (self->stack);
  self->row_samples = (gsize) self->width * sc_stack_get_samples_per_pixel (self->stack);
  self->row_stride = sc_stack_get_row_stride (self->stack);
  self->plane_samples = self->row_samples * self->height;
  self->n_out_c = self->channel == SC_PROJECTION_ALL ? C : 1;
  self->n_out_t = self->frame == SC_PROJECTION_ALL ? T : 1;
  self->n_out = self->n_out_c * self->n_out_t;
  self->n_in = (last - self->first) / self->step + 1;
  self->slices = g_new (guint, self->n_in);
  for (guint i = 0; i < self->n_in; i++)
    self->slices[i] = self->first + i * self->step;
  self->threads = self->n_threads > 0 ? self->n_threads : (guint) g_get_num_processors ();
  self->threads = CLAMP (self->threads, 1, 256);
  self->budget = self->memory_budget > 0 ? self->memory_budget : default_budget ();
  self->scratch = g_new0 (guint8 *, 2 * self->threads);
  self->scratch_size = g_new0 (gsize, 2 * self->threads);

  if (!(is_streaming (self->method) ? plan_streaming (self, error) : plan_select (self, error)))
    {
      free_plan (self);
      return FALSE;
    }

  self->prepared = TRUE;
  return TRUE;
}

guint
sc_projection_get_n_inputs (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->n_in;
}

guint
sc_projection_get_n_steps (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->steps_total;
}

guint64
sc_projection_get_bytes_read (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), 0);
  return self->bytes_read;
}

gboolean
sc_projection_is_done (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), FALSE);
  return self->prepared && self->steps_done == self->steps_total;
}

/* ---- Running work items on every thread ---- */

typedef gboolean (*ItemFunc) (ScProjection  *self,
                              guint          item,
                              guint          thread,
                              gpointer       data,
                              GError       **error);

typedef struct {
  ScProjection *self;
  ItemFunc      func;
  gpointer      data;
  guint         n_items;
  GCancellable *cancellable;
  gint          next;
  gint          stop;
  GMutex        error_lock;
  GError       *error;
} Job;

typedef struct {
  Job   *job;
  guint  thread;
} Worker;

static gpointer
run_items (gpointer data)
{
  Worker *worker = data;
  Job *job = worker->job;

  while (!g_atomic_int_get (&job->stop))
    {
      guint item = (guint) g_atomic_int_add (&job->next, 1);
      GError *error = NULL;

      if (item >= job->n_items)
        break;
      if (g_cancellable_set_error_if_cancelled (job->cancellable, &error)
          || !job->func (job->self, item, worker->thread, job->data, &error))
        {
          g_mutex_lock (&job->error_lock);
          if (job->error == NULL)
            job->error = error;
          else
            g_error_free (error);
          g_mutex_unlock (&job->error_lock);
          g_atomic_int_set (&job->stop, 1);
        }
    }
  return NULL;
}

static gboolean
run_parallel (ScProjection  *self,
              guint          n_items,
              ItemFunc       func,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  guint n = MIN (self->threads, n_items);
  Job job = { self, func, data, n_items, cancellable, 0, 0, { 0 }, NULL };
  Worker *workers = g_newa (Worker, MAX (n, 1));
  GThread **threads = g_newa (GThread *, MAX (n, 1));

  g_mutex_init (&job.error_lock);
  for (guint i = 0; i < n; i++)
    {
      workers[i].job = &job;
      workers[i].thread = i;
      threads[i] = NULL;
      if (i > 0)
        threads[i] = g_thread_try_new ("sc-projection", run_items, &workers[i], NULL);
    }
  run_items (&workers[0]);
  for (guint i = 1; i < n; i++)
    if (threads[i] != NULL)
      g_thread_join (threads[i]);
  g_mutex_clear (&job.error_lock);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }
  return TRUE;
}

/* Two scratch areas per thread (which 0 or 1), kept from step to step. */
static guint8 *
get_scratch (ScProjection *self,
             guint         thread,
             guint         which,
             gsize         size)
{
  guint i = 2 * thread + which;

  if (self->scratch_size[i] < size)
    {
      g_free (self->scratch[i]);
      self->scratch[i] = g_malloc (size);
      self->scratch_size[i] = size;
    }
  return self->scratch[i];
}

static guint
input_plane (ScProjection *self,
             guint         out_plane,
             guint         slice)
{
  guint oc = out_plane % self->n_out_c, ot = out_plane / self->n_out_c;
  guint c = self->channel == SC_PROJECTION_ALL ? oc : (guint) self->channel;
  guint t = self->frame == SC_PROJECTION_ALL ? ot : (guint) self->frame;

  return sc_stack_plane_index (self->stack, c, slice, t);
}

/* ---- Streaming methods ---- */

/* Where a band's accumulators are: in the whole-result arrays (progressive), or in a
 * thread's own band-sized arrays (by rows). */
typedef struct {
  gpointer  sum;
  guint64  *sq;
  guint8   *shift;
} Acc;

static void
acc_global (ScProjection *self,
            gsize         start,
            Acc          *acc)
{
  gsize sum_size = self->kind == ACC_SUM_I32 || self->kind == ACC_SQ_I32 ? 4 : 8;

  acc->sum = self->acc_sum ? (guint8 *) self->acc_sum + start * sum_size : NULL;
  acc->sq = self->acc_sq ? self->acc_sq + start : NULL;
  acc->shift = self->acc_shift ? (guint8 *) self->acc_shift + start * self->in_size : NULL;
}

static void
finish_band (ScProjection *self,
             const Acc    *acc,
             gsize         n,
             guint         n_seen,
             float        *dest)
{
  double inv_n = n_seen > 0 ? 1.0 / n_seen : 0;
  gboolean mean = self->method == SC_PROJECTION_MEAN;
  double denom = self->sd_population ? (double) n_seen * n_seen : (double) n_seen * (n_seen - 1.0);
  gboolean sd_zero = n_seen == 0 || (!self->sd_population && n_seen < 2);

  switch (self->kind)
    {
    case ACC_SUM_I32:
      {
        const gint32 *sum = acc->sum;
        for (gsize i = 0; i < n; i++)
          dest[i] = mean ? (float) (sum[i] * inv_n) : (float) sum[i];
      }
      break;
    case ACC_SUM_I64:
      {
        const gint64 *sum = acc->sum;
        for (gsize i = 0; i < n; i++)
          dest[i] = mean ? (float) ((double) sum[i] * inv_n) : (float) sum[i];
      }
      break;
    case ACC_SUM_F64:
      {
        const double *sum = acc->sum;
        for (gsize i = 0; i < n; i++)
          dest[i] = mean ? (float) (sum[i] * inv_n) : (float) sum[i];
      }
      break;
    case ACC_SQ_I32:
    case ACC_SQ_I64:
      for (gsize i = 0; i < n; i++)
        {
          gint64 s = self->kind == ACC_SQ_I32 ? ((const gint32 *) acc->sum)[i]
                                              : ((const gint64 *) acc->sum)[i];
          guint64 q = acc->sq[i];
#ifdef __SIZEOF_INT128__
          /* n * sum(x^2) - sum(x)^2, exactly */
          __int128 num = (__int128) n_seen * (__int128) q - (__int128) s * (__int128) s;
          double var = sd_zero ? 0 : (double) num / denom;
#else
          long double num = (long double) n_seen * q - (long double) s * s;
          double var = sd_zero ? 0 : (double) (num / denom);
#endif
          dest[i] = (float) sqrt (MAX (var, 0));
        }
      break;
    case ACC_SHIFTED:
      {
        const double *sum = acc->sum;
        const double *sq = (const double *) (gconstpointer) acc->sq;
        for (gsize i = 0; i < n; i++)
          {
            double num = n_seen * sq[i] - sum[i] * sum[i];
            double var = sd_zero ? 0 : num / denom;
            dest[i] = (float) sqrt (MAX (var, 0));
          }
      }
      break;
    case ACC_MINMAX:
    default:
      g_assert_not_reached ();
    }
}

/* Rows y0.. of a plane: in place where mapped and wanted, else copied into the
 * thread's scratch, which stays in cache from band to band. */
static gconstpointer
get_rows (ScProjection  *self,
          guint          plane,
          guint          y0,
          guint          rows,
          guint          thread,
          GError       **error)
{
  gconstpointer src = NULL;

  if (self->zero_copy)
    src = sc_stack_peek_rows (self->stack, plane, y0, rows);
  if (src == NULL)
    {
      guint8 *buf = get_scratch (self, thread, 0, (gsize) rows * self->row_stride);
      if (!sc_stack_read_rows (self->stack, plane, y0, rows, buf, error))
        return NULL;
      src = buf;
    }
  return src;
}

static void
accumulate (ScProjection  *self,
            const Acc     *acc,
            guint8        *out,
            gconstpointer  src,
            gsize          n,
            gboolean       first)
{
  switch (self->kind)
    {
    case ACC_MINMAX:
      if (self->method == SC_PROJECTION_MAX)
        sc_kernel_max (self->type, out, src, n);
      else
        sc_kernel_min (self->type, out, src, n);
      break;
    case ACC_SUM_I32:
      sc_kernel_sum_i32 (self->type, acc->sum, src, n);
      break;
    case ACC_SUM_I64:
      sc_kernel_sum_i64 (self->type, acc->sum, src, n);
      break;
    case ACC_SUM_F64:
      sc_kernel_sum_f64 (acc->sum, src, n);
      break;
    case ACC_SQ_I32:
      sc_kernel_sumsq_i32 (self->type, acc->sum, acc->sq, src, n);
      break;
    case ACC_SQ_I64:
      sc_kernel_sumsq_i64 (self->type, acc->sum, acc->sq, src, n);
      break;
    case ACC_SHIFTED:
      if (first)
        memcpy (acc->shift, src, n * self->in_size);
      sc_kernel_shifted (self->type, acc->sum, (double *) (gpointer) acc->sq, acc->shift, src, n);
      break;
    default:
      g_assert_not_reached ();
    }
}

typedef struct {
  guint z0;
  guint z1;
  gboolean last;
  guint band0;      /* by rows: the first band of the step */
  guint n_bands;    /* by rows: bands in the step */
} StreamStep;

/* Progressive: slices z0..z1 into the whole-result accumulators. */
static gboolean
stream_item (ScProjection  *self,
             guint          item,
             guint          thread,
             gpointer       data,
             GError       **error)
{
  const StreamStep *st = data;
  guint o = item / self->n_bands, band = item % self->n_bands;
  guint y0 = band * self->band_rows;
  guint rows = MIN (self->band_rows, self->height - y0);
  gsize n = (gsize) rows * self->row_samples;
  gsize start = (gsize) o * self->plane_samples + (gsize) y0 * self->row_samples;
  Acc acc;

  acc_global (self, start, &acc);
  for (guint z = st->z0; z < st->z1; z++)
    {
      gconstpointer src = get_rows (self, input_plane (self, o, self->slices[z]), y0, rows, thread, error);
      if (src == NULL)
        return FALSE;
      accumulate (self, &acc, self->out + start * self->out_size, src, n, z == 0);
    }

  /* Finish the band while it is still in cache. */
  if (st->last && self->kind != ACC_MINMAX)
    finish_band (self, &acc, n, st->z1, (float *) (gpointer) self->out + start);

  return TRUE;
}

/* By rows: one band through every slice, with accumulators of the thread's own. */
static gboolean
stream_rows_item (ScProjection  *self,
                  guint          item,
                  guint          thread,
                  gpointer       data,
                  GError       **error)
{
  const StreamStep *st = data;
  guint o = item / st->n_bands, band = st->band0 + item % st->n_bands;
  guint y0 = band * self->band_rows;
  guint rows = MIN (self->band_rows, self->height - y0);
  gsize n = (gsize) rows * self->row_samples;
  gsize start = (gsize) o * self->plane_samples + (gsize) y0 * self->row_samples;
  guint8 *out = self->out + start * self->out_size;
  gsize sum_size = self->kind == ACC_SUM_I32 || self->kind == ACC_SQ_I32 ? 4 : 8;
  Acc acc = { NULL, NULL, NULL };

  if (self->kind == ACC_MINMAX)
    fill_identity (self, out, n);
  else
    {
      /* Rounded up so that the 64-bit squares after the 32-bit sums stay aligned. */
      gsize sum_bytes = (n * sum_size + 7) & ~(gsize) 7;
      gsize sq_bytes = self->kind >= ACC_SQ_I32 ? n * 8 : 0;
      guint8 *mem = get_scratch (self, thread, 1, sum_bytes + sq_bytes + n * self->in_size);

      memset (mem, 0, sum_bytes + sq_bytes);
      acc.sum = mem;
      acc.sq = sq_bytes ? (guint64 *) (gpointer) (mem + sum_bytes) : NULL;
      acc.shift = mem + sum_bytes + sq_bytes;
    }

  for (guint z = 0; z < self->n_in; z++)
    {
      gconstpointer src = get_rows (self, input_plane (self, o, self->slices[z]), y0, rows, thread, error);
      if (src == NULL)
        return FALSE;
      accumulate (self, &acc, out, src, n, z == 0);
    }
  if (self->kind != ACC_MINMAX)
    finish_band (self, &acc, n, self->n_in, (float *) (gpointer) out);

  return TRUE;
}

static gboolean
stream_step (ScProjection  *self,
             GCancellable  *cancellable,
             GError       **error)
{
  StreamStep st = { 0 };

  if (!self->progressive)
    {
      st.band0 = self->steps_done * self->bands_per_step;
      st.n_bands = MIN (self->bands_per_step, self->n_bands - st.band0);
      if (!run_parallel (self, self->n_out * st.n_bands, stream_rows_item, &st, cancellable, error))
        return FALSE;
      self->bytes_read += (guint64) self->n_in * self->n_out * self->row_stride
                          * (MIN ((st.band0 + st.n_bands) * self->band_rows, self->height)
                             - st.band0 * self->band_rows);
      return TRUE;
    }

  st.z0 = self->steps_done * self->chunk_slices;
  st.z1 = MIN (st.z0 + self->chunk_slices, self->n_in);
  st.last = st.z1 == self->n_in;

  if (!run_parallel (self, self->n_out * self->n_bands, stream_item, &st, cancellable, error))
    return FALSE;

  self->n_seen = st.z1;
  self->bytes_read += (guint64) (st.z1 - st.z0) * self->n_out * self->plane_samples * self->in_size;
  return TRUE;
}

/* ---- Order statistics ---- */

typedef struct {
  guint o;
  guint y0;
  guint rows;
  gsize s0;      /* first sample of the segment within a row */
  gsize ns;      /* samples of the segment */
  gboolean whole_rows;
  guint tiles_per_row;
} SelectStep;

static gboolean
select_read_item (ScProjection  *self,
                  guint          z,
                  guint          thread,
                  gpointer       data,
                  GError       **error)
{
  const SelectStep *st = data;
  guint plane = input_plane (self, st->o, self->slices[z]);
  const guint8 *p = self->zero_copy ? sc_stack_peek_rows (self->stack, plane, st->y0, st->rows) : NULL;

  if (p != NULL)
    {
      self->bases[z] = p + st->s0 * self->in_size;
      self->base_strides[z] = self->row_stride;
      return TRUE;
    }

  if (st->whole_rows)
    {
      gsize slot = (gsize) st->rows * self->row_stride;
      guint8 *dest = self->buffer + z * slot;

      if (!sc_stack_read_rows (self->stack, plane, st->y0, st->rows, dest, error))
        return FALSE;
      self->bases[z] = dest;
      self->base_strides[z] = self->row_stride;
    }
  else
    {
      gsize slot = st->ns * self->in_size;
      guint8 *row = get_scratch (self, thread, 0, self->row_stride);
      guint8 *dest = self->buffer + z * slot;

      if (!sc_stack_read_rows (self->stack, plane, st->y0, 1, row, error))
        return FALSE;
      memcpy (dest, row + st->s0 * self->in_size, slot);
      self->bases[z] = dest;
      self->base_strides[z] = slot;
    }
  return TRUE;
}

static gboolean
select_compute_item (ScProjection  *self,
                     guint          item,
                     guint          thread,
                     gpointer       data,
                     GError       **error)
{
  const SelectStep *st = data;
  guint r = item / st->tiles_per_row, tile = item % st->tiles_per_row;
  gsize t0 = (gsize) tile * TILE_SAMPLES;
  gsize m = MIN ((gsize) TILE_SAMPLES, st->ns - t0);
  gsize ptr_bytes = self->n_in * sizeof (const guint8 *);
  guint8 *scratch = get_scratch (self, thread, 1, ptr_bytes + self->n_in * sizeof (double));
  const guint8 **rows = (const guint8 **) (gpointer) scratch;
  double *dscratch = (double *) (gpointer) (scratch + ptr_bytes);
  float *dest = (float *) (gpointer) self->out
                + (gsize) st->o * self->plane_samples
                + (gsize) (st->y0 + r) * self->row_samples + st->s0 + t0;

  for (guint z = 0; z < self->n_in; z++)
    rows[z] = self->bases[z] + r * self->base_strides[z];
  sc_kernel_select (self->type, rows, t0, m, &self->spec, dest, dscratch);
  return TRUE;
}

static gboolean
select_step (ScProjection  *self,
             GCancellable  *cancellable,
             GError       **error)
{
  SelectStep st;
  guint chunk = self->steps_done % self->chunks_per_plane;
  guint band = chunk / self->segs_per_row, seg = chunk % self->segs_per_row;

  st.o = self->steps_done / self->chunks_per_plane;
  st.y0 = band * self->chunk_rows;
  st.rows = MIN (self->chunk_rows, self->height - st.y0);
  st.s0 = (gsize) seg * self->seg_samples;
  st.ns = MIN (self->seg_samples, self->row_samples - st.s0);
  st.whole_rows = self->seg_samples == self->row_samples;
  st.tiles_per_row = (st.ns + TILE_SAMPLES - 1) / TILE_SAMPLES;

  if (self->buffer == NULL
      && (!self->zero_copy
          || sc_stack_peek_rows (self->stack, input_plane (self, st.o, self->slices[0]), st.y0, st.rows) == NULL))
    {
      gsize slot = st.whole_rows ? (gsize) self->chunk_rows * self->row_stride : self->seg_samples * self->in_size;
      if (!(self->buffer = try_alloc (slot * self->n_in, FALSE, error)))
        return FALSE;
    }
  else if (self->buffer == NULL)
    {
      /* Mapped so far; a plane that is not (another strip layout) still needs room. */
      for (guint z = 1; z < self->n_in; z++)
        if (sc_stack_peek_rows (self->stack, input_plane (self, st.o, self->slices[z]), st.y0, st.rows) == NULL)
          {
            gsize slot = st.whole_rows ? (gsize) self->chunk_rows * self->row_stride
                                       : self->seg_samples * self->in_size;
            if (!(self->buffer = try_alloc (slot * self->n_in, FALSE, error)))
              return FALSE;
            break;
          }
    }

  if (!run_parallel (self, self->n_in, select_read_item, &st, cancellable, error))
    return FALSE;
  if (!run_parallel (self, st.rows * st.tiles_per_row, select_compute_item, &st, cancellable, error))
    return FALSE;

  self->bytes_read += (guint64) self->n_in * st.rows * st.ns * self->in_size;
  return TRUE;
}

/* ---- Steps and results ---- */

double
sc_projection_step (ScProjection  *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (SC_IS_PROJECTION (self), -1);

  if (!sc_projection_prepare (self, error))
    return -1;
  if (self->steps_done == self->steps_total)
    return 1.0;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      self->failed = TRUE;
      return -1;
    }

  g_mutex_lock (&self->lock);
  if (is_streaming (self->method))
    ok = stream_step (self, cancellable, error);
  else
    ok = select_step (self, cancellable, error);
  if (ok)
    self->steps_done++;
  else
    self->failed = TRUE;
  g_mutex_unlock (&self->lock);

  if (!ok)
    return -1;
  if (self->steps_done == self->steps_total)
    g_clear_pointer (&self->buffer, g_free);
  return (double) self->steps_done / self->steps_total;
}

static const char *
result_prefix (ScProjection *self)
{
  switch (self->method)
    {
    case SC_PROJECTION_MAX: return "MAX";
    case SC_PROJECTION_MIN: return "MIN";
    case SC_PROJECTION_SUM: return "SUM";
    case SC_PROJECTION_MEAN: return "AVG";
    case SC_PROJECTION_SD: return "STD";
    case SC_PROJECTION_MEDIAN: return "MED";
    case SC_PROJECTION_PERCENTILE: return "PCT";
    default: g_assert_not_reached ();
    }
}

static ScStack *
wrap_result (ScProjection *self,
             GBytes       *bytes)
{
  g_autoptr(ScSource) source = NULL;
  const ScCalibration *cal = sc_stack_get_calibration (self->stack);
  g_autofree char *name = g_strdup_printf ("%s_%s", result_prefix (self),
                                           sc_stack_get_display_name (self->stack));
  g_autofree char *what = NULL;
  g_autofree char *step = NULL;
  guint last = self->slices[self->n_in - 1];
  ScStackInfo *info;
  ScStack *result;

  source = sc_memory_source_new (self->width, self->height, self->n_out_c, 1, self->n_out_t,
                                 self->result_type,
                                 sc_stack_get_samples_per_pixel (self->stack), bytes);
  info = sc_source_get_info (source);
  info->calibration.pixel_width = cal->pixel_width;
  info->calibration.pixel_height = cal->pixel_height;
  info->calibration.pixel_depth = cal->pixel_depth;
  info->calibration.frame_interval = cal->frame_interval;
  info->calibration.unit = g_strdup (cal->unit);
  info->calibration.time_unit = g_strdup (cal->time_unit);
  if (self->method == SC_PROJECTION_PERCENTILE)
    what = g_strdup_printf ("percentile %g", self->percentile);
  else
    what = g_strdup (sc_projection_method_to_string (self->method));
  if (self->step > 1)
    step = g_strdup_printf (" step %u", self->step);
  sc_stack_info_take_metadata (info, "Projection",
                               g_strdup_printf ("%s of slices %u-%u%s of %s",
                                                what, self->first + 1, last + 1, step ? step : "",
                                                sc_stack_get_display_name (self->stack)));
  result = sc_stack_new_for_source (source, name);
  /* an export of the result must not write over the files it was made from */
  sc_stack_add_origin (result, self->stack);
  return result;
}

ScStack *
sc_projection_get_partial (ScProjection *self)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  guint8 *copy;

  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);
  g_return_val_if_fail (self->prepared, NULL);

  if (self->result != NULL)
    return wrap_result (self, self->result_bytes);

  g_mutex_lock (&self->lock);
  size = (gsize) self->n_out * self->plane_samples * self->out_size;
  if (!is_streaming (self->method) || !self->progressive
      || (self->kind == ACC_MINMAX && self->n_seen > 0))
    copy = g_memdup2 (self->out, size);
  else if (self->n_seen == 0)
    copy = g_malloc0 (size);
  else
    {
      Acc acc;

      copy = g_malloc (size);
      acc_global (self, 0, &acc);
      finish_band (self, &acc, (gsize) self->n_out * self->plane_samples, self->n_seen,
                   (float *) (gpointer) copy);
    }
  g_mutex_unlock (&self->lock);

  bytes = g_bytes_new_take (copy, size);
  return wrap_result (self, bytes);
}

static void
make_result (ScProjection *self)
{
  gsize size = (gsize) self->n_out * self->plane_samples * self->out_size;

  if (self->result != NULL)
    return;

  self->result_bytes = g_bytes_new_take (g_steal_pointer (&self->out), size);
  self->result = wrap_result (self, self->result_bytes);
  g_clear_pointer (&self->acc_sum, g_free);
  g_clear_pointer (&self->acc_sq, g_free);
  g_clear_pointer (&self->acc_shift, g_free);
}

ScStack *
sc_projection_get_result (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);
  g_return_val_if_fail (sc_projection_is_done (self), NULL);

  make_result (self);
  return g_object_ref (self->result);
}

GBytes *
sc_projection_get_result_bytes (ScProjection *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);
  g_return_val_if_fail (sc_projection_is_done (self), NULL);

  make_result (self);
  return g_bytes_ref (self->result_bytes);
}

/* Calls back after each step of run_steps(): with the fraction done and the data given. */
typedef void (*ReportFunc) (ScProjection *self,
                            double        fraction,
                            gpointer      data);

/* The one loop of run() and run_async(): every remaining step, each reported. */
static ScStack *
run_steps (ScProjection  *self,
           GCancellable  *cancellable,
           ReportFunc     report,
           gpointer       report_data,
           GError       **error)
{
  double fraction = 0;

  while (fraction < 1.0)
    {
      fraction = sc_projection_step (self, cancellable, error);
      if (fraction < 0)
        return NULL;
      report (self, fraction, report_data);
    }
  return sc_projection_get_result (self);
}

static void
report_now (ScProjection *self,
            double        fraction,
            gpointer      data)
{
  if (self->progress_func)
    self->progress_func (fraction, self->progress_data);
}

ScStack *
sc_projection_run (ScProjection  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);

  return run_steps (self, cancellable, report_now, NULL, error);
}

typedef struct {
  ScProjection *self;
  double        fraction;
} ProgressReport;

static gboolean
report_progress (gpointer data)
{
  ProgressReport *report = data;

  if (report->self->progress_func)
    report->self->progress_func (report->fraction, report->self->progress_data);
  return G_SOURCE_REMOVE;
}

static void
free_report (gpointer data)
{
  ProgressReport *report = data;

  g_object_unref (report->self);
  g_free (report);
}

/* From the worker to the caller's main context (data), in order, before the end. */
static void
report_later (ScProjection *self,
              double        fraction,
              gpointer      data)
{
  ProgressReport *report = g_new (ProgressReport, 1);
  GSource *source = g_idle_source_new ();

  report->self = g_object_ref (self);
  report->fraction = fraction;
  /* An idle source rather than g_main_context_invoke(), which would call back on this
   * thread whenever the context happens to be free. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, report_progress, report, free_report);
  g_source_set_static_name (source, "[sc-projection] progress");
  g_source_attach (source, data);
  g_source_unref (source);
}

/* One run_async(). Its thread is its own, not one of GLib's shared GTask pool, whose
 * threads outlive the run: holding the last reference to the task after the callback
 * (so its error or result and the projection were finalized there, progress_destroy
 * included), and keeping GLib's per-thread slice cache that the run's first allocation
 * made (when that was a cancellation error, LeakSanitizer reported the cache as leaked
 * from it). The main context joins the thread before it completes the task: when the
 * callback runs, nothing of the run is left on another thread. */
typedef struct {
  GTask   *task;
  GThread *thread;
  ScStack *result;
  GError  *error;
} AsyncRun;

static gboolean
finish_run (gpointer data)
{
  AsyncRun *run = data;

  /* Queued as the worker's last act: it is ending, if not gone. */
  g_thread_join (run->thread);
  if (run->error != NULL)
    g_task_return_error (run->task, g_steal_pointer (&run->error));
  else
    g_task_return_pointer (run->task, g_steal_pointer (&run->result), g_object_unref);
  g_object_unref (run->task);
  g_free (run);
  return G_SOURCE_REMOVE;
}

static gpointer
run_worker (gpointer data)
{
  AsyncRun *run = data;
  GMainContext *context = g_task_get_context (run->task);
  GSource *source;

  /* Its own handle, so that finish_run() need not wait for run_async() to store one. */
  run->thread = g_thread_ref (g_thread_self ());
  run->result = run_steps (g_task_get_source_object (run->task),
                           g_task_get_cancellable (run->task), report_later, context,
                           &run->error);
  /* After the progress reports, at the same priority, so after the last of them. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, finish_run, run, NULL);
  g_source_set_static_name (source, "[sc-projection] finish");
  g_source_attach (source, context);
  g_source_unref (source);
  return NULL;
}

void
sc_projection_run_async (ScProjection        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AsyncRun *run;
  GThread *thread;

  g_return_if_fail (SC_IS_PROJECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_projection_run_async);
  run = g_new0 (AsyncRun, 1);
  run->task = g_object_ref (task);
  thread = g_thread_try_new ("sc-projection", run_worker, run, &error);
  if (thread == NULL)
    {
      g_object_unref (run->task);
      g_free (run);
      g_task_return_new_error (task, SC_ERROR, SC_ERROR_IO,
                               "Cannot start the projection: %s", error->message);
      return;
    }
  g_thread_unref (thread);
}

ScStack *
sc_projection_run_finish (ScProjection  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
