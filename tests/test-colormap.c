/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-colormap"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "sc-colormap.h"

typedef struct { double r, g, b; } Rgb;

/* Matplotlib's published maps at t = 0, 1/15, ..., 1 (cm.X (np.linspace (0, 1, 16))),
 * which are entries 0, 17, 34, ..., 255 of their 256-entry tables. */
static const Rgb viridis_ref[16] = {
  { 0.267004, 0.004874, 0.329415 }, { 0.282656, 0.100196, 0.42216 },
  { 0.277134, 0.185228, 0.489898 }, { 0.253935, 0.265254, 0.529983 },
  { 0.221989, 0.339161, 0.548752 }, { 0.190631, 0.407061, 0.556089 },
  { 0.163625, 0.471133, 0.558148 }, { 0.139147, 0.533812, 0.555298 },
  { 0.120565, 0.596422, 0.543611 }, { 0.134692, 0.658636, 0.517649 },
  { 0.20803, 0.718701, 0.472873 }, { 0.327796, 0.77398, 0.40664 },
  { 0.477504, 0.821444, 0.318195 }, { 0.647257, 0.8584, 0.209861 },
  { 0.82494, 0.88472, 0.106217 }, { 0.993248, 0.906157, 0.143936 },
};
static const Rgb plasma_ref[16] = {
  { 0.050383, 0.029803, 0.527975 }, { 0.200445, 0.017902, 0.593364 },
  { 0.312543, 0.008239, 0.6357 }, { 0.417642, 0.000564, 0.65839 },
  { 0.517933, 0.021563, 0.654109 }, { 0.610667, 0.090204, 0.619951 },
  { 0.69284, 0.165141, 0.564522 }, { 0.764193, 0.240396, 0.502126 },
  { 0.826588, 0.315714, 0.441316 }, { 0.881443, 0.392529, 0.383229 },
  { 0.928329, 0.472975, 0.326067 }, { 0.965024, 0.559118, 0.268513 },
  { 0.98826, 0.652325, 0.211364 }, { 0.994141, 0.753137, 0.161404 },
  { 0.977995, 0.861432, 0.142808 }, { 0.940015, 0.975158, 0.131326 },
};
static const Rgb inferno_ref[16] = {
  { 0.001462, 0.000466, 0.013866 }, { 0.046915, 0.030324, 0.150164 },
  { 0.142378, 0.046242, 0.308553 }, { 0.258234, 0.038571, 0.406485 },
  { 0.366529, 0.071579, 0.431994 }, { 0.472328, 0.110547, 0.428334 },
  { 0.578304, 0.148039, 0.404411 }, { 0.682656, 0.189501, 0.360757 },
  { 0.780517, 0.243327, 0.299523 }, { 0.865006, 0.316822, 0.226055 },
  { 0.929644, 0.411479, 0.145367 }, { 0.970919, 0.522853, 0.058367 },
  { 0.987622, 0.64532, 0.039886 }, { 0.978806, 0.774545, 0.176037 },
  { 0.950018, 0.903409, 0.380271 }, { 0.988362, 0.998364, 0.644924 },
};
static const Rgb jet_ref[16] = {
  { 0.0, 0.0, 0.5 }, { 0.0, 0.0, 0.803030303030303 }, { 0.0, 0.03333333333333333, 1.0 },
  { 0.0, 0.3, 1.0 }, { 0.0, 0.5666666666666667, 1.0 }, { 0.0, 0.8333333333333334, 1.0 },
  { 0.16129032258064513, 1.0, 0.8064516129032259 },
  { 0.3763440860215053, 1.0, 0.5913978494623656 },
  { 0.5913978494623655, 1.0, 0.3763440860215054 },
  { 0.8064516129032256, 1.0, 0.16129032258064513 },
  { 1.0, 0.9012345679012348, 0.0 }, { 1.0, 0.6543209876543212, 0.0 },
  { 1.0, 0.40740740740740755, 0.0 }, { 1.0, 0.16049382716049398, 0.0 },
  { 0.8030303030303032, 0.0, 0.0 }, { 0.5, 0.0, 0.0 },
};

static void
assert_close_to_reference (ScColormap  colormap,
                           const Rgb  *ref,
                           int         tolerance)
{
  const guint8 *table = sc_colormap_get_table (colormap);

  for (guint k = 0; k < 16; k++)
    {
      const guint8 *e = table + 17 * k * 3;
      int want[3] = { (int) (ref[k].r * 255 + 0.5), (int) (ref[k].g * 255 + 0.5),
                      (int) (ref[k].b * 255 + 0.5) };

      for (guint ch = 0; ch < 3; ch++)
        {
          if (abs ((int) e[ch] - want[ch]) > tolerance)
            g_error ("%s[%u] channel %u is %d, published %d",
                     sc_colormap_get_name (colormap), 17 * k, ch, e[ch], want[ch]);
        }
    }
}

static void
test_names (void)
{
  for (guint i = 0; i < SC_N_COLORMAPS; i++)
    {
      ScColormap found = SC_N_COLORMAPS;
      const char *name = sc_colormap_get_name (i);

      g_assert_nonnull (name);
      g_assert_nonnull (sc_colormap_get_title (i));
      g_assert_true (sc_colormap_from_name (name, &found));
      g_assert_cmpint (found, ==, i);
    }

  {
    ScColormap c;

    g_assert_true (sc_colormap_from_name ("Viridis", &c));
    g_assert_cmpint (c, ==, SC_COLORMAP_VIRIDIS);
    g_assert_true (sc_colormap_from_name ("grey", &c));
    g_assert_cmpint (c, ==, SC_COLORMAP_GRAY);
    g_assert_false (sc_colormap_from_name ("no-such-map", &c));
  }

  g_assert_cmpstr (sc_colormap_get_name (SC_COLORMAP_INVERTED_GRAY), ==, "inverted-gray");
  g_assert_cmpstr (sc_colormap_get_title (SC_COLORMAP_FIRE), ==, "Fire");
}

static void
test_gray_and_primaries (void)
{
  for (guint i = 0; i < 256; i++)
    {
      guint8 r, g, b;

      sc_colormap_get_color (SC_COLORMAP_GRAY, i, &r, &g, &b);
      g_assert_true (r == i && g == i && b == i);
      sc_colormap_get_color (SC_COLORMAP_INVERTED_GRAY, i, &r, &g, &b);
      g_assert_true (r == 255 - i && g == 255 - i && b == 255 - i);
      sc_colormap_get_color (SC_COLORMAP_GREEN, i, &r, &g, &b);
      g_assert_true (r == 0 && g == i && b == 0);
      sc_colormap_get_color (SC_COLORMAP_RED, i, &r, &g, &b);
      g_assert_true (r == i && g == 0 && b == 0);
      sc_colormap_get_color (SC_COLORMAP_BLUE, i, &r, &g, &b);
      g_assert_true (r == 0 && g == 0 && b == i);
      sc_colormap_get_color (SC_COLORMAP_MAGENTA, i, &r, &g, &b);
      g_assert_true (r == i && g == 0 && b == i);
      sc_colormap_get_color (SC_COLORMAP_CYAN, i, &r, &g, &b);
      g_assert_true (r == 0 && g == i && b == i);
      sc_colormap_get_color (SC_COLORMAP_YELLOW, i, &r, &g, &b);
      g_assert_true (r == i && g == i && b == 0);
    }
}

static void
test_fire (void)
{
  const guint8 *t = sc_colormap_get_table (SC_COLORMAP_FIRE);
  /* Worked by hand from ImageJ's LutLoader.fire () and interpolate (). */
  static const struct { guint i; guint8 r, g, b; } expect[] = {
    { 0, 0, 0, 0 },
    { 4, 0, 0, 30 },          /* halfway between control points 0 and 1: 61 / 2 */
    { 8, 0, 0, 61 },          /* control point 1 */
    { 100, 201, 7, 78 },      /* 12.5: (195+207)/2, (0+14)/2, (93+64)/2 truncated */
    { 128, 240, 79, 0 },      /* control point 16 */
    { 200, 255, 219, 0 },     /* control point 25 */
    { 255, 255, 255, 255 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (expect); k++)
    {
      const guint8 *e = t + expect[k].i * 3;

      if (e[0] != expect[k].r || e[1] != expect[k].g || e[2] != expect[k].b)
        g_error ("fire[%u] = %u,%u,%u, expected %u,%u,%u", expect[k].i, e[0], e[1], e[2],
                 expect[k].r, expect[k].g, expect[k].b);
    }
}

static void
test_hot (void)
{
  const guint8 *t = sc_colormap_get_table (SC_COLORMAP_HOT);

  /* Matplotlib's hot: red rises from 0.0416 to 1 by t = 0.365, then green, then blue. */
  g_assert_cmpuint (t[0], ==, 11);
  g_assert_cmpuint (t[1], ==, 0);
  g_assert_cmpuint (t[2], ==, 0);
  g_assert_cmpuint (t[93 * 3 + 0], ==, 255);
  g_assert_cmpuint (t[93 * 3 + 1], ==, 0);
  g_assert_cmpuint (t[191 * 3 + 1], ==, 255);
  g_assert_cmpuint (t[191 * 3 + 2], ==, 3);
  g_assert_cmpuint (t[255 * 3 + 2], ==, 255);
}

static void
test_perceptual (void)
{
  const guint8 *magma = sc_colormap_get_table (SC_COLORMAP_MAGMA);
  const guint8 *cividis = sc_colormap_get_table (SC_COLORMAP_CIVIDIS);
  const guint8 *turbo = sc_colormap_get_table (SC_COLORMAP_TURBO);

  assert_close_to_reference (SC_COLORMAP_VIRIDIS, viridis_ref, 1);
  assert_close_to_reference (SC_COLORMAP_PLASMA, plasma_ref, 1);
  assert_close_to_reference (SC_COLORMAP_INFERNO, inferno_ref, 1);
  assert_close_to_reference (SC_COLORMAP_JET, jet_ref, 1);

  /* between control points: matplotlib's _viridis_data[128] is (0.127568, 0.566949, 0.550556) */
  {
    const guint8 *v = sc_colormap_get_table (SC_COLORMAP_VIRIDIS) + 128 * 3;

    g_assert_cmpint (abs (v[0] - 33), <=, 1);
    g_assert_cmpint (abs (v[1] - 145), <=, 1);
    g_assert_cmpint (abs (v[2] - 140), <=, 1);
  }

  /* magma: (0.001462, 0.000466, 0.013866), [128] (0.716387, 0.214982, 0.475290),
   * [255] (0.987053, 0.991438, 0.749504) */
  g_assert_cmpuint (magma[0], ==, 0);
  g_assert_cmpuint (magma[2], ==, 4);
  g_assert_cmpuint (magma[128 * 3 + 0], ==, 183);
  g_assert_cmpuint (magma[128 * 3 + 1], ==, 55);
  g_assert_cmpuint (magma[128 * 3 + 2], ==, 121);
  g_assert_cmpuint (magma[765], ==, 252);
  g_assert_cmpuint (magma[766], ==, 253);
  g_assert_cmpuint (magma[767], ==, 191);

  /* cividis goes through its published control points exactly. */
  g_assert_cmpuint (cividis[0], ==, 0);
  g_assert_cmpuint (cividis[1], ==, 34);
  g_assert_cmpuint (cividis[2], ==, 78);
  g_assert_cmpuint (cividis[119 * 3 + 0], ==, 117);   /* 0.458366 */
  g_assert_cmpuint (cividis[255 * 3 + 0], ==, 254);
  g_assert_cmpuint (cividis[255 * 3 + 1], ==, 232);
  g_assert_cmpuint (cividis[255 * 3 + 2], ==, 56);

  /* turbo, Google's table: [0] (0.18995, 0.07176, 0.23217), [1] (0.19483, 0.08339, 0.26149),
   * [127] (0.63323, 0.99195, 0.23937), [255] (0.47960, 0.01583, 0.01055) */
  g_assert_cmpuint (turbo[0], ==, 48);
  g_assert_cmpuint (turbo[1], ==, 18);
  g_assert_cmpuint (turbo[2], ==, 59);
  g_assert_cmpint (abs (turbo[3] - 50), <=, 1);
  g_assert_cmpint (abs (turbo[4] - 21), <=, 1);
  g_assert_cmpint (abs (turbo[5] - 67), <=, 1);
  /* between control points 15 entries apart turbo's bends cost up to 4/255 */
  g_assert_cmpint (abs (turbo[127 * 3 + 0] - 161), <=, 4);
  g_assert_cmpint (abs (turbo[127 * 3 + 1] - 253), <=, 4);
  g_assert_cmpint (abs (turbo[127 * 3 + 2] - 61), <=, 4);
  g_assert_cmpuint (turbo[765], ==, 122);
  g_assert_cmpuint (turbo[766], ==, 4);
  g_assert_cmpuint (turbo[767], ==, 3);

  /* Perceptual maps rise monotonically in lightness: check the green channel of viridis. */
  for (guint i = 1; i < 256; i++)
    g_assert_cmpuint (sc_colormap_get_table (SC_COLORMAP_VIRIDIS)[i * 3 + 1], >=,
                      sc_colormap_get_table (SC_COLORMAP_VIRIDIS)[(i - 1) * 3 + 1]);
}

static void
test_channel_colors (void)
{
  g_assert_cmpint (sc_colormap_for_channel (0, 1), ==, SC_COLORMAP_GRAY);
  g_assert_cmpint (sc_colormap_for_channel (0, 2), ==, SC_COLORMAP_GREEN);
  g_assert_cmpint (sc_colormap_for_channel (1, 2), ==, SC_COLORMAP_MAGENTA);
  g_assert_cmpint (sc_colormap_for_channel (2, 3), ==, SC_COLORMAP_CYAN);
}

/* The label table: 0 black, then distinct colours that stand out from the background and
 * from each other, and label values that wrap around it. */
static void
test_labels (void)
{
  const guint8 *t = sc_colormap_get_table (SC_COLORMAP_LABELS);
  double closest8 = G_MAXDOUBLE, closest32 = G_MAXDOUBLE;

  g_assert_cmpuint (t[0], ==, 0);
  g_assert_cmpuint (t[1], ==, 0);
  g_assert_cmpuint (t[2], ==, 0);
  for (guint i = 1; i <= SC_COLORMAP_N_LABEL_COLORS; i++)
    {
      /* none near black: a label never looks like background */
      g_assert_cmpuint (MAX (t[3 * i], MAX (t[3 * i + 1], t[3 * i + 2])), >=, 100);
      for (guint j = 1; j < i; j++)
        {
          double d = 0;

          for (guint k = 0; k < 3; k++)
            d += ((double) t[3 * i + k] - t[3 * j + k]) * ((double) t[3 * i + k] - t[3 * j + k]);
          g_assert_cmpfloat (d, >, 0);
          if (i <= 8)
            closest8 = MIN (closest8, sqrt (d));
          if (i <= 32)
            closest32 = MIN (closest32, sqrt (d));
        }
    }
  /* the first labels (most images have few) are far apart: Glasbey's max-min order */
  g_test_message ("closest pairs (RGB distance): labels 1..8 %.1f, 1..32 %.1f",
                  closest8, closest32);
  g_assert_cmpfloat (closest8, >=, 100);
  g_assert_cmpfloat (closest32, >=, 40);

  g_assert_cmpuint (sc_colormap_label_index (0), ==, 0);
  g_assert_cmpuint (sc_colormap_label_index (NAN), ==, 0);
  g_assert_cmpuint (sc_colormap_label_index (0.3), ==, 0);
  for (guint v = 1; v <= SC_COLORMAP_N_LABEL_COLORS; v++)
    g_assert_cmpuint (sc_colormap_label_index (v), ==, v);
  for (guint v = 1; v < 5000; v += 7)
    {
      g_assert_cmpuint (sc_colormap_label_index (v), ==,
                        sc_colormap_label_index (v + SC_COLORMAP_N_LABEL_COLORS));
      g_assert_cmpuint (sc_colormap_label_index (v), !=, 0);
    }
  g_assert_cmpuint (sc_colormap_label_index (256), ==, 1);
  g_assert_cmpuint (sc_colormap_label_index (65535), ==, 1 + 65534 % 255);
  g_assert_cmpuint (sc_colormap_label_index (4294967295.0), ==, 1 + 4294967294u % 255);
  g_assert_cmpuint (sc_colormap_label_index (2.4), ==, 2);
  g_assert_cmpuint (sc_colormap_label_index (-1), ==, 254);
  g_assert_cmpuint (sc_colormap_label_index (-1), ==, sc_colormap_label_index (254));
  g_assert_cmpuint (sc_colormap_label_index (1e300), !=, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/colormap/names", test_names);
  g_test_add_func ("/core/colormap/gray-and-primaries", test_gray_and_primaries);
  g_test_add_func ("/core/colormap/fire", test_fire);
  g_test_add_func ("/core/colormap/hot", test_hot);
  g_test_add_func ("/core/colormap/perceptual", test_perceptual);
  g_test_add_func ("/core/colormap/channel-colors", test_channel_colors);
  g_test_add_func ("/core/colormap/labels", test_labels);

  return g_test_run ();
}
