/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-colormap"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-colormap.h"

typedef struct {
  const char *name;
  const char *title;
} ColormapInfo;

static const ColormapInfo colormaps[SC_N_COLORMAPS] = {
  [SC_COLORMAP_GRAY] = { "gray", N_("Gray") },
  [SC_COLORMAP_INVERTED_GRAY] = { "inverted-gray", N_("Inverted Gray") },
  [SC_COLORMAP_FIRE] = { "fire", N_("Fire") },
  [SC_COLORMAP_HOT] = { "hot", N_("Hot") },
  [SC_COLORMAP_VIRIDIS] = { "viridis", N_("Viridis") },
  [SC_COLORMAP_MAGMA] = { "magma", N_("Magma") },
  [SC_COLORMAP_INFERNO] = { "inferno", N_("Inferno") },
  [SC_COLORMAP_PLASMA] = { "plasma", N_("Plasma") },
  [SC_COLORMAP_CIVIDIS] = { "cividis", N_("Cividis") },
  [SC_COLORMAP_TURBO] = { "turbo", N_("Turbo") },
  [SC_COLORMAP_JET] = { "jet", N_("Jet") },
  [SC_COLORMAP_GREEN] = { "green", N_("Green") },
  [SC_COLORMAP_RED] = { "red", N_("Red") },
  [SC_COLORMAP_MAGENTA] = { "magenta", N_("Magenta") },
  [SC_COLORMAP_CYAN] = { "cyan", N_("Cyan") },
  [SC_COLORMAP_BLUE] = { "blue", N_("Blue") },
  [SC_COLORMAP_YELLOW] = { "yellow", N_("Yellow") },
  [SC_COLORMAP_LABELS] = { "labels", N_("Labels") },
};

static guint8 tables[SC_N_COLORMAPS][256 * 3];

/* Matplotlib's perceptually uniform maps (van der Walt & Smith, CC0) at evenly spaced
 * control points, as matplotlib publishes them (cm.X (np.linspace (0, 1, n))). The maps
 * are smooth enough that straight lines between neighbouring points stay within 1/255
 * of the full 256-entry tables (checked in test-colormap.c). */
typedef struct { double r, g, b; } Rgb;

static const Rgb viridis_points[16] = {
  { 0.267004, 0.004874, 0.329415 }, { 0.282656, 0.100196, 0.422160 },
  { 0.277134, 0.185228, 0.489898 }, { 0.253935, 0.265254, 0.529983 },
  { 0.221989, 0.339161, 0.548752 }, { 0.190631, 0.407061, 0.556089 },
  { 0.163625, 0.471133, 0.558148 }, { 0.139147, 0.533812, 0.555298 },
  { 0.120565, 0.596422, 0.543611 }, { 0.134692, 0.658636, 0.517649 },
  { 0.208030, 0.718701, 0.472873 }, { 0.327796, 0.773980, 0.406640 },
  { 0.477504, 0.821444, 0.318195 }, { 0.647257, 0.858400, 0.209861 },
  { 0.824940, 0.884720, 0.106217 }, { 0.993248, 0.906157, 0.143936 },
};

static const Rgb plasma_points[16] = {
  { 0.050383, 0.029803, 0.527975 }, { 0.200445, 0.017902, 0.593364 },
  { 0.312543, 0.008239, 0.635700 }, { 0.417642, 0.000564, 0.658390 },
  { 0.517933, 0.021563, 0.654109 }, { 0.610667, 0.090204, 0.619951 },
  { 0.692840, 0.165141, 0.564522 }, { 0.764193, 0.240396, 0.502126 },
  { 0.826588, 0.315714, 0.441316 }, { 0.881443, 0.392529, 0.383229 },
  { 0.928329, 0.472975, 0.326067 }, { 0.965024, 0.559118, 0.268513 },
  { 0.988260, 0.652325, 0.211364 }, { 0.994141, 0.753137, 0.161404 },
  { 0.977995, 0.861432, 0.142808 }, { 0.940015, 0.975158, 0.131326 },
};

static const Rgb inferno_points[16] = {
  { 0.001462, 0.000466, 0.013866 }, { 0.046915, 0.030324, 0.150164 },
  { 0.142378, 0.046242, 0.308553 }, { 0.258234, 0.038571, 0.406485 },
  { 0.366529, 0.071579, 0.431994 }, { 0.472328, 0.110547, 0.428334 },
  { 0.578304, 0.148039, 0.404411 }, { 0.682656, 0.189501, 0.360757 },
  { 0.780517, 0.243327, 0.299523 }, { 0.865006, 0.316822, 0.226055 },
  { 0.929644, 0.411479, 0.145367 }, { 0.970919, 0.522853, 0.058367 },
  { 0.987622, 0.645320, 0.039886 }, { 0.978806, 0.774545, 0.176037 },
  { 0.950018, 0.903409, 0.380271 }, { 0.988362, 0.998364, 0.644924 },
};

static const Rgb magma_points[17] = {
  { 0.001462, 0.000466, 0.013866 }, { 0.039608, 0.031090, 0.133515 },
  { 0.113094, 0.065492, 0.276784 }, { 0.211718, 0.061992, 0.418647 },
  { 0.316654, 0.071690, 0.485380 }, { 0.414709, 0.110431, 0.504662 },
  { 0.512831, 0.148179, 0.507648 }, { 0.613617, 0.181811, 0.498536 },
  { 0.716387, 0.214982, 0.475290 }, { 0.816914, 0.255895, 0.436461 },
  { 0.904281, 0.319610, 0.388137 }, { 0.960949, 0.418323, 0.359630 },
  { 0.986700, 0.535582, 0.382210 }, { 0.996096, 0.653659, 0.446213 },
  { 0.996898, 0.769591, 0.534892 }, { 0.992440, 0.884330, 0.640099 },
  { 0.987053, 0.991438, 0.749504 },
};

/* Cividis (Nuñez, Anderton & Renslow 2018), the same way. */
static const Rgb cividis_points[16] = {
  { 0.000000, 0.135112, 0.304751 }, { 0.000000, 0.181610, 0.421859 },
  { 0.117612, 0.225935, 0.434308 }, { 0.208926, 0.272546, 0.424809 },
  { 0.279411, 0.318677, 0.423031 }, { 0.342246, 0.364939, 0.428559 },
  { 0.401418, 0.411790, 0.440708 }, { 0.458366, 0.459552, 0.460457 },
  { 0.517920, 0.508454, 0.472707 }, { 0.582087, 0.558670, 0.468118 },
  { 0.648222, 0.610553, 0.454801 }, { 0.716177, 0.664384, 0.432386 },
  { 0.785965, 0.720438, 0.399613 }, { 0.857809, 0.778969, 0.353259 },
  { 0.932180, 0.840159, 0.285880 }, { 0.995737, 0.909344, 0.217772 },
};

/* Google's Turbo (Mikhailov 2019, Apache-2.0): every 15th entry of its published table;
 * straight lines between them stay within 4/255 of the rest. */
static const Rgb turbo_points[18] = {
  { 0.18995, 0.07176, 0.23217 }, { 0.24830, 0.24143, 0.61286 }, { 0.27509, 0.40072, 0.86692 },
  { 0.26878, 0.54995, 0.99303 }, { 0.18625, 0.69775, 0.95498 }, { 0.10026, 0.82955, 0.81389 },
  { 0.13526, 0.92197, 0.66556 }, { 0.32006, 0.97974, 0.47654 }, { 0.54658, 0.99907, 0.29581 },
  { 0.71577, 0.96875, 0.20815 }, { 0.85868, 0.88655, 0.21230 }, { 0.96049, 0.77181, 0.22811 },
  { 0.99654, 0.63193, 0.18738 }, { 0.97545, 0.45740, 0.11305 }, { 0.91024, 0.29599, 0.04814 },
  { 0.80799, 0.17753, 0.01660 }, { 0.66449, 0.08436, 0.00424 }, { 0.47960, 0.01583, 0.01055 },
};

/* ImageJ's "Fire": 32 control points stretched to 256 entries by LutLoader.interpolate(). */
static const guint8 fire_r[32] = {
  0, 0, 1, 25, 49, 73, 98, 122, 146, 162, 173, 184, 195, 207, 217, 229,
  240, 252, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255
};
static const guint8 fire_g[32] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 14, 35, 57,
  79, 101, 117, 133, 147, 161, 175, 190, 205, 219, 234, 248, 255, 255, 255, 255
};
static const guint8 fire_b[32] = {
  0, 61, 96, 130, 165, 192, 220, 227, 210, 181, 151, 122, 93, 64, 35, 5,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 35, 98, 160, 223, 255
};

/* Matplotlib's segment data for "hot" and "jet": (x, y) anchors per channel. */
typedef struct { double x, y; } Anchor;

static const Anchor hot_r[] = { { 0, 0.0416 }, { 0.365079, 1 }, { 1, 1 } };
static const Anchor hot_g[] = { { 0, 0 }, { 0.365079, 0 }, { 0.746032, 1 }, { 1, 1 } };
static const Anchor hot_b[] = { { 0, 0 }, { 0.746032, 0 }, { 1, 1 } };
static const Anchor jet_r[] = { { 0, 0 }, { 0.35, 0 }, { 0.66, 1 }, { 0.89, 1 }, { 1, 0.5 } };
static const Anchor jet_g[] = {
  { 0, 0 }, { 0.125, 0 }, { 0.375, 1 }, { 0.64, 1 }, { 0.91, 0 }, { 1, 0 }
};
static const Anchor jet_b[] = { { 0, 0.5 }, { 0.11, 1 }, { 0.34, 1 }, { 0.65, 0 }, { 1, 0 } };

static guint8
to_byte (double v)
{
  if (!(v > 0))
    return 0;
  if (v >= 1)
    return 255;
  return (guint8) lround (v * 255.0);
}

static double
segment (const Anchor *a,
         guint         n,
         double        t)
{
  for (guint i = 1; i < n; i++)
    if (t <= a[i].x)
      return a[i - 1].y + (a[i].y - a[i - 1].y) * (t - a[i - 1].x) / (a[i].x - a[i - 1].x);
  return a[n - 1].y;
}

static void
fill_segments (guint8       *table,
               const Anchor *r, guint nr,
               const Anchor *g, guint ng,
               const Anchor *b, guint nb)
{
  for (guint i = 0; i < 256; i++)
    {
      double t = i / 255.0;

      table[i * 3 + 0] = to_byte (segment (r, nr, t));
      table[i * 3 + 1] = to_byte (segment (g, ng, t));
      table[i * 3 + 2] = to_byte (segment (b, nb, t));
    }
}

static void
fill_fire (guint8 *table)
{
  const double scale = 32 / 256.0;

  /* Same arithmetic as ImageJ, truncation included, so that the tables agree exactly. */
  for (guint i = 0; i < 256; i++)
    {
      int i1 = (int) (i * scale);
      int i2 = MIN (i1 + 1, 31);
      double f = i * scale - i1;

      table[i * 3 + 0] = (guint8) ((1.0 - f) * fire_r[i1] + f * fire_r[i2]);
      table[i * 3 + 1] = (guint8) ((1.0 - f) * fire_g[i1] + f * fire_g[i2]);
      table[i * 3 + 2] = (guint8) ((1.0 - f) * fire_b[i1] + f * fire_b[i2]);
    }
}

/* Straight lines between control points sampled as matplotlib samples a map: point k of
 * n sits at table entry min (floor (256 k / (n - 1)), 255). */
static void
fill_points (guint8    *table,
             const Rgb *points,
             guint      n)
{
  guint k = 0;

  for (guint i = 0; i < 256; i++)
    {
      guint i0, i1;
      double f;

      while (k + 2 < n && i >= MIN (256 * (k + 1) / (n - 1), 255))
        k++;
      i0 = MIN (256 * k / (n - 1), 255);
      i1 = MIN (256 * (k + 1) / (n - 1), 255);
      f = (double) (i - i0) / (i1 - i0);
      table[i * 3 + 0] = to_byte (points[k].r + (points[k + 1].r - points[k].r) * f);
      table[i * 3 + 1] = to_byte (points[k].g + (points[k + 1].g - points[k].g) * f);
      table[i * 3 + 2] = to_byte (points[k].b + (points[k + 1].b - points[k].b) * f);
    }
}

static void
fill_primary (guint8   *table,
              gboolean  r,
              gboolean  g,
              gboolean  b)
{
  for (guint i = 0; i < 256; i++)
    {
      table[i * 3 + 0] = r ? i : 0;
      table[i * 3 + 1] = g ? i : 0;
      table[i * 3 + 2] = b ? i : 0;
    }
}

/* sRGB (0..255) to OKLab (Ottosson 2020), where distances match perceived differences. */
static void
srgb_to_oklab (double  r,
               double  g,
               double  b,
               double *lab)
{
  double rgb[3] = { r / 255.0, g / 255.0, b / 255.0 };
  double l, m, s;

  for (guint i = 0; i < 3; i++)
    rgb[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : pow ((rgb[i] + 0.055) / 1.055, 2.4);
  l = cbrt (0.4122214708 * rgb[0] + 0.5363325363 * rgb[1] + 0.0514459929 * rgb[2]);
  m = cbrt (0.2119034982 * rgb[0] + 0.6806995451 * rgb[1] + 0.1073969566 * rgb[2]);
  s = cbrt (0.0883024619 * rgb[0] + 0.2817188376 * rgb[1] + 0.6299787005 * rgb[2]);
  lab[0] = 0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s;
  lab[1] = 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s;
  lab[2] = 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s;
}

static double
distance2 (const double *a,
           const double *b)
{
  return (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
         (a[2] - b[2]) * (a[2] - b[2]);
}

/* Glasbey, Heijden, Toh & Gray (2007), "Colour displays for categorical images": each
 * colour in turn is the candidate farthest (in OKLab) from every colour taken before it,
 * black and white included, so that labels 1, 2, 3 ... differ most. The candidates are
 * the sRGB cube in steps of 17, but for the darkest (too close to the background) and
 * the palest; ties go to the first candidate, so the table is the same everywhere. */
#define LEVELS 16
#define N_CANDIDATES (LEVELS * LEVELS * LEVELS)

static void
fill_labels (guint8 *table)
{
  g_autofree double *lab = g_new (double, N_CANDIDATES * 3);
  g_autofree double *nearest = g_new (double, N_CANDIDATES);
  double black[3], white[3];

  srgb_to_oklab (0, 0, 0, black);
  srgb_to_oklab (255, 255, 255, white);
  for (guint i = 0; i < N_CANDIDATES; i++)
    {
      double *c = lab + 3 * i;

      srgb_to_oklab (17 * (i / (LEVELS * LEVELS)), 17 * (i / LEVELS % LEVELS), 17 * (i % LEVELS), c);
      nearest[i] = c[0] < 0.45 || c[0] > 0.93 ? -1 : MIN (distance2 (c, black), distance2 (c, white));
    }

  memset (table, 0, 3);
  for (guint k = 1; k <= SC_COLORMAP_N_LABEL_COLORS; k++)
    {
      guint best = 0;

      for (guint i = 1; i < N_CANDIDATES; i++)
        if (nearest[i] > nearest[best])
          best = i;
      g_assert (nearest[best] > 0);
      table[3 * k + 0] = 17 * (best / (LEVELS * LEVELS));
      table[3 * k + 1] = 17 * (best / LEVELS % LEVELS);
      table[3 * k + 2] = 17 * (best % LEVELS);
      for (guint i = 0; i < N_CANDIDATES; i++)
        if (nearest[i] > 0)
          nearest[i] = MIN (nearest[i], distance2 (lab + 3 * i, lab + 3 * best));
    }
}

guint8
sc_colormap_label_index (double label)
{
  double v = round (label);
  gint64 n = SC_COLORMAP_N_LABEL_COLORS;
  gint64 i;

  if (isnan (v) || v == 0)
    return 0;
  /* labels beyond gint64 are no labels; they take the colour of the largest */
  v = CLAMP (v, (double) G_MININT64 / 2, (double) G_MAXINT64 / 2);
  i = ((gint64) v - 1) % n;
  return (guint8) (1 + (i < 0 ? i + n : i));
}

/* Each table is built the first time it is asked for: a viewer starts on Gray, and the
 * label colours' search (fill_labels) costs as much as the rest of the window's start. */
static void
build_table (ScColormap  colormap,
             guint8     *table)
{
  switch (colormap)
    {
    case SC_COLORMAP_GRAY:
    case SC_COLORMAP_INVERTED_GRAY:
      for (guint i = 0; i < 256; i++)
        memset (&table[i * 3], colormap == SC_COLORMAP_GRAY ? i : 255 - i, 3);
      break;
    case SC_COLORMAP_FIRE:
      fill_fire (table);
      break;
    case SC_COLORMAP_HOT:
      fill_segments (table, hot_r, G_N_ELEMENTS (hot_r), hot_g, G_N_ELEMENTS (hot_g), hot_b,
                     G_N_ELEMENTS (hot_b));
      break;
    case SC_COLORMAP_VIRIDIS:
      fill_points (table, viridis_points, G_N_ELEMENTS (viridis_points));
      break;
    case SC_COLORMAP_MAGMA:
      fill_points (table, magma_points, G_N_ELEMENTS (magma_points));
      break;
    case SC_COLORMAP_INFERNO:
      fill_points (table, inferno_points, G_N_ELEMENTS (inferno_points));
      break;
    case SC_COLORMAP_PLASMA:
      fill_points (table, plasma_points, G_N_ELEMENTS (plasma_points));
      break;
    case SC_COLORMAP_CIVIDIS:
      fill_points (table, cividis_points, G_N_ELEMENTS (cividis_points));
      break;
    case SC_COLORMAP_TURBO:
      fill_points (table, turbo_points, G_N_ELEMENTS (turbo_points));
      break;
    case SC_COLORMAP_JET:
      fill_segments (table, jet_r, G_N_ELEMENTS (jet_r), jet_g, G_N_ELEMENTS (jet_g), jet_b,
                     G_N_ELEMENTS (jet_b));
      break;
    case SC_COLORMAP_GREEN:
      fill_primary (table, FALSE, TRUE, FALSE);
      break;
    case SC_COLORMAP_RED:
      fill_primary (table, TRUE, FALSE, FALSE);
      break;
    case SC_COLORMAP_MAGENTA:
      fill_primary (table, TRUE, FALSE, TRUE);
      break;
    case SC_COLORMAP_CYAN:
      fill_primary (table, FALSE, TRUE, TRUE);
      break;
    case SC_COLORMAP_BLUE:
      fill_primary (table, FALSE, FALSE, TRUE);
      break;
    case SC_COLORMAP_YELLOW:
      fill_primary (table, TRUE, TRUE, FALSE);
      break;
    case SC_COLORMAP_LABELS:
      fill_labels (table);
      break;
    case SC_N_COLORMAPS:
    default:
      g_assert_not_reached ();
    }
}

const guint8 *
sc_colormap_get_table (ScColormap colormap)
{
  static gsize built[SC_N_COLORMAPS];

  g_return_val_if_fail ((guint) colormap < SC_N_COLORMAPS, NULL);

  if (g_once_init_enter (&built[colormap]))
    {
      build_table (colormap, tables[colormap]);
      g_once_init_leave (&built[colormap], 1);
    }
  return tables[colormap];
}

void
sc_colormap_get_color (ScColormap  colormap,
                       guint8      index,
                       guint8     *r,
                       guint8     *g,
                       guint8     *b)
{
  const guint8 *table = sc_colormap_get_table (colormap);

  g_return_if_fail (table != NULL);

  if (r)
    *r = table[index * 3 + 0];
  if (g)
    *g = table[index * 3 + 1];
  if (b)
    *b = table[index * 3 + 2];
}

const char *
sc_colormap_get_name (ScColormap colormap)
{
  g_return_val_if_fail ((guint) colormap < SC_N_COLORMAPS, NULL);
  return colormaps[colormap].name;
}

const char *
sc_colormap_get_title (ScColormap colormap)
{
  g_return_val_if_fail ((guint) colormap < SC_N_COLORMAPS, NULL);
  return colormaps[colormap].title;
}

gboolean
sc_colormap_from_name (const char *name,
                       ScColormap *colormap)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < SC_N_COLORMAPS; i++)
    {
      if (g_ascii_strcasecmp (name, colormaps[i].name) == 0)
        {
          if (colormap)
            *colormap = (ScColormap) i;
          return TRUE;
        }
    }

  /* Names other programs use for the same tables. */
  if (g_ascii_strcasecmp (name, "grey") == 0 || g_ascii_strcasecmp (name, "grays") == 0)
    {
      if (colormap)
        *colormap = SC_COLORMAP_GRAY;
      return TRUE;
    }

  return FALSE;
}

ScColormap
sc_colormap_for_channel (guint channel,
                         guint n_channels)
{
  static const ScColormap order[] = {
    SC_COLORMAP_GREEN, SC_COLORMAP_MAGENTA, SC_COLORMAP_CYAN, SC_COLORMAP_YELLOW,
    SC_COLORMAP_RED, SC_COLORMAP_BLUE, SC_COLORMAP_GRAY,
  };

  if (n_channels <= 1)
    return SC_COLORMAP_GRAY;
  return order[channel % G_N_ELEMENTS (order)];
}
