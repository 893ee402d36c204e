/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-demo-stack"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sc-memory-source.h"
#include "sc-demo-stack.h"
#include "sc-source.h"

#define W 256
#define H 256
#define C 3
#define Z 32
#define N_CELLS 14
#define N_SPOTS 10

typedef struct {
  double x, y, z;       /* centre in pixels / slices */
  double r;             /* cell radius in pixels */
  double nr;            /* nucleus radius */
  double brightness;
  double spots[N_SPOTS][3];
} Cell;

/* A fixed generator so that the sample is identical everywhere. */
static guint32
next_random (guint32 *state)
{
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

static double
uniform (guint32 *state)
{
  return (next_random (state) & 0xffffff) / (double) 0x1000000;
}

static guint32
hash3 (guint x, guint y, guint z)
{
  guint32 h = x * 73856093u ^ y * 19349663u ^ z * 83492791u;
  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return h;
}

static void
add_value (float *plane, int x, int y, double v)
{
  plane[y * W + x] += (float) v;
}

ScStack *
sc_demo_stack_new (void)
{
  g_autofree float *acc = g_new0 (float, (gsize) W * H * Z * C);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScSource) source = NULL;
  Cell cells[N_CELLS];
  guint32 state = 20240917u;
  guint16 *out;
  ScStackInfo *info;
  const double z_scale = 2.5;   /* slices are 2.5x thicker than pixels are wide */

  for (guint i = 0; i < N_CELLS; i++)
    {
      Cell *cell = &cells[i];

      cell->x = 24 + uniform (&state) * (W - 48);
      cell->y = 24 + uniform (&state) * (H - 48);
      cell->z = 8 + uniform (&state) * (Z - 16);
      cell->r = 18 + uniform (&state) * 12;
      cell->nr = cell->r * (0.4 + 0.15 * uniform (&state));
      cell->brightness = 0.6 + 0.4 * uniform (&state);
      for (guint s = 0; s < N_SPOTS; s++)
        {
          double a = uniform (&state) * 2 * G_PI;
          double b = (uniform (&state) - 0.5) * G_PI;
          double d = cell->nr + (cell->r - cell->nr) * (0.2 + 0.7 * uniform (&state));
          cell->spots[s][0] = cell->x + d * cos (a) * cos (b);
          cell->spots[s][1] = cell->y + d * sin (a) * cos (b);
          cell->spots[s][2] = cell->z + d * sin (b) / z_scale;
        }
    }

  for (guint i = 0; i < N_CELLS; i++)
    {
      const Cell *cell = &cells[i];
      int x0 = MAX (0, (int) (cell->x - cell->r - 3)), x1 = MIN (W - 1, (int) (cell->x + cell->r + 3));
      int y0 = MAX (0, (int) (cell->y - cell->r - 3)), y1 = MIN (H - 1, (int) (cell->y + cell->r + 3));
      int z0 = MAX (0, (int) (cell->z - cell->r / z_scale - 2));
      int z1 = MIN (Z - 1, (int) (cell->z + cell->r / z_scale + 2));

      for (int z = z0; z <= z1; z++)
        {
          float *nuclei = acc + ((gsize) z * C + 0) * W * H;
          float *cyto = acc + ((gsize) z * C + 1) * W * H;
          double dz = (z - cell->z) * z_scale;

          for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++)
              {
                double dx = x - cell->x, dy = y - cell->y;
                double d = sqrt (dx * dx + dy * dy + dz * dz);
                /* soft-edged nucleus with some chromatin texture */
                double nucleus = 1.0 / (1.0 + exp ((d - cell->nr) * 1.5));
                double texture = 0.8 + 0.2 * sin (x * 0.7 + y * 0.5) * cos (y * 0.6 - z * 0.9);
                /* cytoplasm fills the cell, brighter at the membrane */
                double inside = 1.0 / (1.0 + exp ((d - cell->r) * 1.2));
                double membrane = exp (-(d - cell->r) * (d - cell->r) / 4.0);

                add_value (nuclei, x, y, 30000 * cell->brightness * nucleus * texture);
                add_value (cyto, x, y, cell->brightness * (5000 * inside * (1 - 0.7 * nucleus)
                                                           + 9000 * membrane));
              }
        }

      for (guint s = 0; s < N_SPOTS; s++)
        {
          const double *p = cell->spots[s];
          for (int z = MAX (0, (int) p[2] - 2); z <= MIN (Z - 1, (int) p[2] + 2); z++)
            {
              float *spots = acc + ((gsize) z * C + 2) * W * H;
              double dz = (z - p[2]) * z_scale;

              for (int y = MAX (0, (int) p[1] - 5); y <= MIN (H - 1, (int) p[1] + 5); y++)
                for (int x = MAX (0, (int) p[0] - 5); x <= MIN (W - 1, (int) p[0] + 5); x++)
                  {
                    double dx = x - p[0], dy = y - p[1];
                    add_value (spots, x, y,
                               40000 * exp (-(dx * dx + dy * dy + dz * dz) / (2 * 1.6 * 1.6)));
                  }
            }
        }
    }

  out = g_new (guint16, (gsize) W * H * Z * C);
  for (guint z = 0; z < Z; z++)
    for (guint c = 0; c < C; c++)
      {
        const float *src = acc + ((gsize) z * C + c) * W * H;
        guint16 *dst = out + ((gsize) z * C + c) * W * H;

        for (guint y = 0; y < H; y++)
          for (guint x = 0; x < W; x++)
            {
              /* camera offset plus shot-like noise, deterministic */
              double noise = (hash3 (x, y, z * C + c) & 0xffff) / 65536.0;
              double v = 100 + src[y * W + x] + (noise - 0.5) * (20 + sqrt (src[y * W + x]) * 4);
              dst[y * W + x] = (guint16) CLAMP (v, 0, 65535);
            }
      }

  bytes = g_bytes_new_take (out, (gsize) W * H * Z * C * sizeof (guint16));
  source = sc_memory_source_new (W, H, C, Z, 1, SC_SAMPLE_U16, 1, bytes);
  info = sc_source_get_info (source);
  info->calibration.pixel_width = 0.2;
  info->calibration.pixel_height = 0.2;
  info->calibration.pixel_depth = 0.5;
  info->calibration.unit = g_strdup ("µm");
  sc_stack_info_add_metadata (info, N_("Description"),
                              _("Synthetic fluorescent cells generated by Stackscope"));
  sc_stack_info_add_metadata (info, N_("Channel 1"), _("Nuclei"));
  sc_stack_info_add_metadata (info, N_("Channel 2"), _("Cytoplasm"));
  sc_stack_info_add_metadata (info, N_("Channel 3"), _("Puncta"));

  return sc_stack_new_for_source (source, _("Sample cells"));
}
