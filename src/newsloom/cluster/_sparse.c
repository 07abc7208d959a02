/* The clusterer's hot loops in C: newsloom.cluster.sparse's dot, weighted_dot, add_into,
 * tally and pack without a Python object per term.
 *
 * They compute exactly what the pure-Python versions in sparse.py compute, bit for bit:
 * the same products in the same order (the smaller dict's), each rounded as CPython
 * rounds a complex product, summed left to right as sum() sums complex numbers. Build
 * with -ffp-contract=off, or a fused multiply-add would round differently.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The value of key in dict, or NULL (no exception) when absent; -1 on error. */
static int
lookup(PyObject *dict, PyObject *key, PyObject **value)
{
    *value = PyDict_GetItemWithError(dict, key); /* a str's hash is cached: no rehash */
    return (*value == NULL && PyErr_Occurred()) ? -1 : 0;
}

static int
as_complex(PyObject *value, Py_complex *out)
{
    if (PyComplex_CheckExact(value)) {
        *out = ((PyComplexObject *)value)->cval;
        return 0;
    }
    *out = PyComplex_AsCComplex(value);
    return (out->real == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* 0 when every one of n objects is a dict, else -1 with a TypeError */
static int
check_dicts(Py_ssize_t n, PyObject *const *objects)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!PyDict_Check(objects[i])) {
            PyErr_SetString(PyExc_TypeError, "sparse vectors and weights must be dicts");
            return -1;
        }
    }
    return 0;
}

/* Order two dicts so that the first is the smaller: the one iterated. */
static void
smaller_first(PyObject **a, PyObject **b)
{
    if (PyDict_GET_SIZE(*a) > PyDict_GET_SIZE(*b)) {
        PyObject *t = *a;
        *a = *b;
        *b = t;
    }
}

/* The next key of a, from *pos, that b holds too, with both values: 1, or 0 at the end of
 * a, or -1 on an error. Keys b lacks are skipped: their products (x * 0j) add +-0.0. */
static int
next_shared(PyObject *a, PyObject *b, Py_ssize_t *pos, PyObject **key, Py_complex *x,
            Py_complex *y)
{
    PyObject *value, *other;
    while (PyDict_Next(a, pos, key, &value)) {
        if (lookup(b, *key, &other) < 0) {
            return -1;
        }
        if (other == NULL) {
            continue;
        }
        if (as_complex(value, x) < 0 || as_complex(other, y) < 0) {
            return -1;
        }
        return 1;
    }
    return 0;
}

/* dot(scaled, plain) -> float: Re(sum of x * y over shared keys), smaller dict iterated */
static PyObject *
sparse_dot(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "dot() takes two dicts");
        return NULL;
    }
    PyObject *a = args[0], *b = args[1];
    if (check_dicts(2, args) < 0) {
        return NULL;
    }
    smaller_first(&a, &b);
    double total = 0.0;
    Py_ssize_t pos = 0;
    PyObject *key;
    Py_complex x, y;
    int found;
    while ((found = next_shared(a, b, &pos, &key, &x, &y)) == 1) {
        double real = x.real * y.real - x.imag * y.imag;
        total += real;
    }
    return found < 0 ? NULL : PyFloat_FromDouble(total);
}

/* weighted_dot(a, b, weights) -> float; weights: letter -> (real weight, imaginary weight) */
static PyObject *
sparse_weighted_dot(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "weighted_dot() takes two dicts and the weights");
        return NULL;
    }
    PyObject *a = args[0], *b = args[1], *weights = args[2];
    if (check_dicts(3, args) < 0) {
        return NULL;
    }
    smaller_first(&a, &b);
    /* alpha and beta of each ASCII letter, as sparse.weighted_dot derives them */
    double alpha[128], beta[128];
    char known[128] = {0};
    Py_ssize_t pos = 0;
    PyObject *letter, *pair;
    while (PyDict_Next(weights, &pos, &letter, &pair)) {
        if (!PyUnicode_Check(letter) || PyUnicode_GET_LENGTH(letter) != 1 ||
            PyUnicode_READ_CHAR(letter, 0) >= 128) {
            continue; /* no key starts with it: never looked up */
        }
        double real, imag;
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "weights must map letters to (real, imag)");
            return NULL;
        }
        real = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 0));
        imag = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 1));
        if (PyErr_Occurred()) {
            return NULL;
        }
        Py_UCS4 c = PyUnicode_READ_CHAR(letter, 0);
        alpha[c] = (real - imag) / 2;
        beta[c] = (real + imag) / 2;
        known[c] = 1;
    }
    double total = 0.0;
    PyObject *key;
    Py_complex z, y;
    int found;
    pos = 0;
    while ((found = next_shared(a, b, &pos, &key, &z, &y)) == 1) {
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) == 0) {
            PyErr_SetString(PyExc_TypeError, "sparse keys must be non-empty strings");
            return NULL;
        }
        Py_UCS4 c = PyUnicode_READ_CHAR(key, 0);
        if (c >= 128 || !known[c]) {
            PyObject *missing = PyUnicode_FromOrdinal(c);
            if (missing != NULL) {
                PyErr_SetObject(PyExc_KeyError, missing);
                Py_DECREF(missing);
            }
            return NULL;
        }
        /* alpha * z + beta * conj(z), each a float times a complex as CPython rounds it */
        double scaled_real = alpha[c] * z.real + beta[c] * z.real;
        double scaled_imag = alpha[c] * z.imag + -(beta[c] * z.imag);
        double real = scaled_real * y.real - scaled_imag * y.imag;
        total += real;
    }
    return found < 0 ? NULL : PyFloat_FromDouble(total);
}

/* add_into(total, vec): total[k] = vec[k] + total.get(k, 0j) for each k of vec, in order */
static PyObject *
sparse_add_into(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "add_into() takes two dicts");
        return NULL;
    }
    PyObject *total = args[0], *vec = args[1];
    if (check_dicts(2, args) < 0) {
        return NULL;
    }
    if (total == vec) {
        PyErr_SetString(PyExc_ValueError, "add_into() cannot add a dict into itself");
        return NULL;
    }
    Py_ssize_t pos = 0;
    PyObject *key, *value, *old;
    Py_complex x, y;
    while (PyDict_Next(vec, &pos, &key, &value)) {
        if (lookup(total, key, &old) < 0 || as_complex(value, &x) < 0) {
            return NULL;
        }
        if (old == NULL) {
            y.real = 0.0; /* x + 0j turns a -0.0 part into 0.0, as Python's sum does */
            y.imag = 0.0;
        } else if (as_complex(old, &y) < 0) {
            return NULL;
        }
        PyObject *sum = PyComplex_FromDoubles(x.real + y.real, x.imag + y.imag);
        if (sum == NULL || PyDict_SetItem(total, key, sum) < 0) {
            Py_XDECREF(sum);
            return NULL;
        }
        Py_DECREF(sum);
    }
    Py_RETURN_NONE;
}

/* tally(keys, index, scan) -> {cluster id: summed weight}: for each (key, weight) of
 * keys, the newest scan cluster ids posted under key in index each gain weight */
static PyObject *
sparse_tally(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "tally() takes the keys, the index and the scan");
        return NULL;
    }
    PyObject *keys = args[0], *index = args[1];
    Py_ssize_t scan = PyLong_AsSsize_t(args[2]);
    if (scan == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (!PyList_Check(keys) || !PyDict_Check(index)) {
        PyErr_SetString(PyExc_TypeError, "tally() takes a list of (key, weight) and a dict");
        return NULL;
    }
    PyObject *hits = PyDict_New();
    if (hits == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        PyObject *item = PyList_GET_ITEM(keys, i), *posting;
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2) {
            PyErr_SetString(PyExc_TypeError, "tally() keys must be (key, weight) pairs");
            goto fail;
        }
        double weight = PyFloat_AsDouble(PyTuple_GET_ITEM(item, 1));
        if ((weight == -1.0 && PyErr_Occurred()) ||
            lookup(index, PyTuple_GET_ITEM(item, 0), &posting) < 0) {
            goto fail;
        }
        if (posting == NULL || !PyDict_Check(posting) || PyDict_GET_SIZE(posting) == 0) {
            continue;
        }
        Py_INCREF(posting); /* the index may not change meanwhile, but stay safe */
        PyObject *newest = PyObject_CallMethod(posting, "__reversed__", NULL);
        Py_DECREF(posting);
        if (newest == NULL) {
            goto fail;
        }
        for (Py_ssize_t n = 0; n < scan; n++) {
            PyObject *cid = PyIter_Next(newest), *old;
            if (cid == NULL) {
                break;
            }
            if (lookup(hits, cid, &old) < 0) {
                Py_DECREF(cid);
                Py_DECREF(newest);
                goto fail;
            }
            double sum = (old == NULL ? 0.0 : PyFloat_AsDouble(old)) + weight;
            PyObject *value = PyFloat_FromDouble(sum);
            int failed = value == NULL || PyDict_SetItem(hits, cid, value) < 0;
            Py_XDECREF(value);
            Py_DECREF(cid);
            if (failed) {
                Py_DECREF(newest);
                goto fail;
            }
        }
        Py_DECREF(newest);
        if (PyErr_Occurred()) {
            goto fail;
        }
    }
    return hits;
fail:
    Py_DECREF(hits);
    return NULL;
}

/* (real, imaginary) channel weights of a letter, from a dict of 2-tuples of floats */
static int
channel_weights(PyObject *weights, PyObject *letter, double *real, double *imag)
{
    PyObject *pair;
    if (lookup(weights, letter, &pair) < 0) {
        return -1;
    }
    if (pair == NULL) {
        PyErr_SetObject(PyExc_KeyError, letter);
        return -1;
    }
    if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
        PyErr_SetString(PyExc_TypeError, "weights must map letters to (real, imag)");
        return -1;
    }
    *real = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 0));
    *imag = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 1));
    return PyErr_Occurred() ? -1 : 0;
}

static int
put_complex(PyObject *dict, PyObject *key, double real, double imag)
{
    PyObject *value = PyComplex_FromDoubles(real, imag);
    int failed = value == NULL || PyDict_SetItem(dict, key, value) < 0;
    Py_XDECREF(value);
    return failed ? -1 : 0;
}

/* pack(groups, event_weights, storyline_weights) -> (terms, event_terms, storyline_terms):
 * for each letter's (term, value, other) triples, the key letter + term (interned) gets
 * complex(value, other) and both models' scaled copies of it */
static PyObject *
sparse_pack(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "pack() takes the groups and two models' weights");
        return NULL;
    }
    PyObject *groups = args[0], *event_weights = args[1], *storyline_weights = args[2];
    if (check_dicts(3, args) < 0) {
        return NULL;
    }
    PyObject *terms = PyDict_New(), *event_terms = PyDict_New(), *storyline_terms = PyDict_New();
    if (terms == NULL || event_terms == NULL || storyline_terms == NULL) {
        goto fail;
    }
    Py_ssize_t pos = 0;
    PyObject *letter, *group;
    while (PyDict_Next(groups, &pos, &letter, &group)) {
        double er, ei, sr, si;
        if (channel_weights(event_weights, letter, &er, &ei) < 0 ||
            channel_weights(storyline_weights, letter, &sr, &si) < 0) {
            goto fail;
        }
        if (!PyList_Check(group)) {
            PyErr_SetString(PyExc_TypeError, "pack() groups must be lists of triples");
            goto fail;
        }
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(group); i++) {
            PyObject *triple = PyList_GET_ITEM(group, i);
            if (!PyTuple_Check(triple) || PyTuple_GET_SIZE(triple) != 3) {
                PyErr_SetString(PyExc_TypeError, "pack() groups must be lists of triples");
                goto fail;
            }
            double v = PyFloat_AsDouble(PyTuple_GET_ITEM(triple, 1));
            double u = PyFloat_AsDouble(PyTuple_GET_ITEM(triple, 2));
            if (PyErr_Occurred()) {
                goto fail;
            }
            PyObject *key = PyUnicode_Concat(letter, PyTuple_GET_ITEM(triple, 0));
            if (key == NULL) {
                goto fail;
            }
            PyUnicode_InternInPlace(&key);
            int failed = put_complex(terms, key, v, u) < 0 ||
                         put_complex(event_terms, key, v * er, -u * ei) < 0 ||
                         put_complex(storyline_terms, key, v * sr, -u * si) < 0;
            Py_DECREF(key);
            if (failed) {
                goto fail;
            }
        }
    }
    return Py_BuildValue("(NNN)", terms, event_terms, storyline_terms);
fail:
    Py_XDECREF(terms);
    Py_XDECREF(event_terms);
    Py_XDECREF(storyline_terms);
    return NULL;
}

static PyMethodDef methods[] = {
    {"dot", (PyCFunction)(void (*)(void))sparse_dot, METH_FASTCALL,
     "The channel-weighted dot product of a scaled vector and a plain one."},
    {"weighted_dot", (PyCFunction)(void (*)(void))sparse_weighted_dot, METH_FASTCALL,
     "Dot product with each part's product scaled by the weight of its channel."},
    {"add_into", (PyCFunction)(void (*)(void))sparse_add_into, METH_FASTCALL,
     "Add a sparse vector into a running sum in place."},
    {"tally", (PyCFunction)(void (*)(void))sparse_tally, METH_FASTCALL,
     "Sum the weights of the clusters posted under an article's index keys."},
    {"pack", (PyCFunction)(void (*)(void))sparse_pack, METH_FASTCALL,
     "An article's packed terms and both models' scaled copies of them."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "newsloom.cluster._sparse",
    "The clusterer's hot loops in C (see sparse.py).", -1, methods,
};

PyMODINIT_FUNC
PyInit__sparse(void)
{
    return PyModule_Create(&module);
}
