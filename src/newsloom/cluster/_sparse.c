/* The clusterer's sparse dot products in C: newsloom.cluster.sparse's dot and
 * weighted_dot without a Python object per term.
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

static int
check_dicts(PyObject *a, PyObject *b)
{
    if (!PyDict_Check(a) || !PyDict_Check(b)) {
        PyErr_SetString(PyExc_TypeError, "sparse vectors must be dicts");
        return -1;
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
    if (check_dicts(a, b) < 0) {
        return NULL;
    }
    if (PyDict_GET_SIZE(a) > PyDict_GET_SIZE(b)) {
        PyObject *t = a;
        a = b;
        b = t;
    }
    double total = 0.0;
    Py_ssize_t pos = 0;
    PyObject *key, *value, *other;
    Py_complex x, y;
    while (PyDict_Next(a, &pos, &key, &value)) {
        if (lookup(b, key, &other) < 0) {
            return NULL;
        }
        if (other == NULL) {
            continue; /* x * 0j adds +-0.0: nothing */
        }
        if (as_complex(value, &x) < 0 || as_complex(other, &y) < 0) {
            return NULL;
        }
        double real = x.real * y.real - x.imag * y.imag;
        total += real;
    }
    return PyFloat_FromDouble(total);
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
    if (check_dicts(a, b) < 0 || check_dicts(weights, weights) < 0) {
        return NULL;
    }
    if (PyDict_GET_SIZE(a) > PyDict_GET_SIZE(b)) {
        PyObject *t = a;
        a = b;
        b = t;
    }
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
    PyObject *key, *value, *other;
    Py_complex z, y;
    pos = 0;
    while (PyDict_Next(a, &pos, &key, &value)) {
        if (lookup(b, key, &other) < 0) {
            return NULL;
        }
        if (other == NULL) {
            continue;
        }
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
        if (as_complex(value, &z) < 0 || as_complex(other, &y) < 0) {
            return NULL;
        }
        /* alpha * z + beta * conj(z), each a float times a complex as CPython rounds it */
        double scaled_real = alpha[c] * z.real + beta[c] * z.real;
        double scaled_imag = alpha[c] * z.imag + -(beta[c] * z.imag);
        double real = scaled_real * y.real - scaled_imag * y.imag;
        total += real;
    }
    return PyFloat_FromDouble(total);
}

static PyMethodDef methods[] = {
    {"dot", (PyCFunction)(void (*)(void))sparse_dot, METH_FASTCALL,
     "The channel-weighted dot product of a scaled vector and a plain one."},
    {"weighted_dot", (PyCFunction)(void (*)(void))sparse_weighted_dot, METH_FASTCALL,
     "Dot product with each part's product scaled by the weight of its channel."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "newsloom.cluster._sparse",
    "The clusterer's sparse dot products in C (see sparse.py).", -1, methods,
};

PyMODINIT_FUNC
PyInit__sparse(void)
{
    return PyModule_Create(&module);
}
