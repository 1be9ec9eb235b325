#include "core/io/restricted_pickle.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "core/common/error.h"

namespace reverie::io {

namespace {

using Kind = PickleValue::Kind;

constexpr size_t kMaxObjects = size_t(1) << 24;

const std::set<std::string>& allowed_globals() {
    static const std::set<std::string> globals = {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch.FloatStorage",
        "torch.HalfStorage",
        "torch.BFloat16Storage",
        "torch.DoubleStorage",
        "torch.LongStorage",
        "torch.IntStorage",
        "torch.ShortStorage",
        "torch.CharStorage",
        "torch.ByteStorage",
        "torch.BoolStorage",
    };
    return globals;
}

PickleRef make(Kind kind) {
    auto v = std::make_shared<PickleValue>();
    v->kind = kind;
    return v;
}

class Machine {
  public:
    Machine(const std::string& what, const uint8_t* data, size_t size)
        : what_(what), p_(data), end_(data + size) {}

    PickleRef run() {
        while (true) {
            const uint8_t op = byte();
            if (op == '.') {
                if (stack_.size() != 1)
                    fail("ends with " + std::to_string(stack_.size()) + " values");
                return stack_.back();
            }
            step(op);
            if (++objects_ > kMaxObjects) fail("holds too many objects");
        }
    }

  private:
    [[noreturn]] void fail(const std::string& why) const {
        throw Error(what_ + ": the pickle " + why);
    }
    uint8_t byte() {
        if (p_ >= end_) fail("is truncated");
        return *p_++;
    }
    uint64_t le(int n) {
        if (end_ - p_ < n) fail("is truncated");
        uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i) v = (v << 8) | p_[i];
        p_ += n;
        return v;
    }
    std::string bytes(uint64_t n) {
        if (uint64_t(end_ - p_) < n) fail("is truncated");
        std::string s(reinterpret_cast<const char*>(p_), size_t(n));
        p_ += n;
        return s;
    }
    std::string line() {
        const uint8_t* nl = static_cast<const uint8_t*>(std::memchr(p_, '\n', size_t(end_ - p_)));
        if (!nl) fail("is truncated");
        std::string s(reinterpret_cast<const char*>(p_), size_t(nl - p_));
        p_ = nl + 1;
        return s;
    }
    PickleRef pop() {
        if (stack_.size() <= floor()) fail("pops an empty stack");
        auto v = stack_.back();
        stack_.pop_back();
        return v;
    }
    PickleRef& top() {
        if (stack_.size() <= floor()) fail("reads an empty stack");
        return stack_.back();
    }
    size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
    // The values since the last MARK, which is dropped.
    std::vector<PickleRef> pop_mark() {
        if (marks_.empty()) fail("has no MARK to pop to");
        const size_t m = marks_.back();
        marks_.pop_back();
        std::vector<PickleRef> out(stack_.begin() + std::ptrdiff_t(m), stack_.end());
        stack_.resize(m);
        return out;
    }
    void push(PickleRef v) { stack_.push_back(std::move(v)); }
    void push_string(std::string s) {
        auto v = make(Kind::String);
        v->text = std::move(s);
        push(v);
    }
    void push_int(int64_t i) {
        auto v = make(Kind::Int);
        v->integer = i;
        push(v);
    }
    PickleRef tuple(std::vector<PickleRef> items) {
        auto v = make(Kind::Tuple);
        v->items = std::move(items);
        return v;
    }
    void global(const std::string& module, const std::string& name) {
        const std::string full = module + "." + name;
        if (!allowed_globals().count(full))
            throw Error(what_ + " asks for '" + full +
                        "', which could run code; only tensors and plain containers are read");
        auto v = make(Kind::Global);
        v->text = full;
        push(v);
    }
    void set_items(PickleRef& target, const std::vector<PickleRef>& kv) {
        if (target->kind != Kind::Dict) fail("sets items on a non-dict");
        if (kv.size() % 2) fail("sets an odd number of dict items");
        for (size_t i = 0; i < kv.size(); i += 2) target->entries.emplace_back(kv[i], kv[i + 1]);
    }
    void append(PickleRef& target, const std::vector<PickleRef>& items) {
        if (target->kind != Kind::List) fail("appends to a non-list");
        target->items.insert(target->items.end(), items.begin(), items.end());
    }
    PickleRef reduce(const PickleRef& callable, const PickleRef& args) {
        if (callable->kind != Kind::Global || args->kind != Kind::Tuple)
            fail("calls something that is not an allowed function");
        const auto& a = args->items;
        if (callable->text == "collections.OrderedDict") {
            if (!a.empty()) fail("builds an OrderedDict from arguments");
            return make(Kind::Dict);
        }
        if (callable->text == "torch._utils._rebuild_parameter") {
            if (a.empty() || a[0]->kind != Kind::Tensor) fail("rebuilds a parameter of no tensor");
            return a[0];
        }
        if (callable->text == "torch._utils._rebuild_tensor_v2") {
            if (a.size() < 4 || a[0]->kind != Kind::Storage || a[1]->kind != Kind::Int ||
                a[2]->kind != Kind::Tuple || a[3]->kind != Kind::Tuple)
                fail("rebuilds a tensor from unexpected arguments");
            auto t = make(Kind::Tensor);
            t->items = {a[0], a[1], a[2], a[3]};
            return t;
        }
        fail("calls '" + callable->text + "'");
    }
    PickleRef persistent(const PickleRef& pid) {
        const auto& a = pid->items;
        if (pid->kind != Kind::Tuple || a.size() != 5 || a[0]->kind != Kind::String ||
            a[0]->text != "storage" || a[1]->kind != Kind::Global || a[2]->kind != Kind::String ||
            a[4]->kind != Kind::Int || a[4]->integer < 0)
            fail("has a persistent id that is not a tensor storage");
        auto s = make(Kind::Storage);
        s->text = a[1]->text.substr(a[1]->text.rfind('.') + 1);
        s->key = a[2]->text;
        s->numel = a[4]->integer;
        return s;
    }
    int64_t long_value(uint64_t n) {
        if (n > 8) fail("holds an integer of " + std::to_string(n) + " bytes");
        if (n == 0) return 0;
        uint64_t v = le(int(n));
        if (n < 8 && (v >> (8 * n - 1)) & 1) v |= ~uint64_t(0) << (8 * n);  // sign-extend
        return int64_t(v);
    }
    void memo_put(uint64_t index) { memo_[index] = top(); }
    PickleRef memo_get(uint64_t index) {
        auto it = memo_.find(index);
        if (it == memo_.end()) fail("reads memo " + std::to_string(index) + ", never stored");
        return it->second;
    }

    void step(uint8_t op) {
        switch (op) {
            case 0x80:  // PROTO
                if (byte() > 5) fail("uses a protocol newer than 5");
                return;
            case 0x95:  // FRAME
                le(8);
                return;
            case '}':
                return push(make(Kind::Dict));
            case ']':
            case 0x8f:  // EMPTY_SET: a list will do
                return push(make(Kind::List));
            case ')':
                return push(tuple({}));
            case '(':
                marks_.push_back(stack_.size());
                return;
            case 'N':
                return push(make(Kind::None));
            case 0x88:
            case 0x89:
                return push_bool(op == 0x88);
            case 'J':
                return push_int(int32_t(uint32_t(le(4))));
            case 'K':
                return push_int(int64_t(le(1)));
            case 'M':
                return push_int(int64_t(le(2)));
            case 0x8a:
                return push_int(long_value(le(1)));
            case 0x8b:
                return push_int(long_value(le(4)));
            case 'G':
                return push_float();
            case 'X':
            case 'T':
            case 'B':
                return push_string(bytes(le(4)));
            case 0x8c:
            case 'U':
            case 'C':
                return push_string(bytes(le(1)));
            case 0x8d:
            case 0x8e:
                return push_string(bytes(le(8)));
            case 'q':
                return memo_put(le(1));
            case 'r':
                return memo_put(le(4));
            case 0x94:
                return memo_put(memo_.size());
            case 'h':
                return push(memo_get(le(1)));
            case 'j':
                return push(memo_get(le(4)));
            case 'c': {
                const std::string module = line();
                return global(module, line());
            }
            case 0x93:
                return stack_global();
            case 't':
                return push(tuple(pop_mark()));
            case 0x85:
                return push(tuple({pop()}));
            case 0x86: {
                auto b = pop(), a = pop();
                return push(tuple({a, b}));
            }
            case 0x87: {
                auto c = pop(), b = pop(), a = pop();
                return push(tuple({a, b, c}));
            }
            case 'l': {
                auto v = make(Kind::List);
                v->items = pop_mark();
                return push(v);
            }
            case 'd': {
                auto v = make(Kind::Dict);
                set_items(v, pop_mark());
                return push(v);
            }
            case 's': {
                auto value = pop(), key = pop();
                return set_items(top(), {key, value});
            }
            case 'u': {
                auto kv = pop_mark();
                return set_items(top(), kv);
            }
            case 'a': {
                auto v = pop();
                return append(top(), {v});
            }
            case 'e': {
                auto items = pop_mark();
                return append(top(), items);
            }
            case 0x90: {  // ADDITEMS (to a set)
                auto items = pop_mark();
                return append(top(), items);
            }
            case 'R': {
                auto args = pop(), callable = pop();
                return push(reduce(callable, args));
            }
            case 'b':
                return build();
            case 'Q':
                return push(persistent(pop()));
            default:
                refuse(op);
        }
    }

    void push_bool(bool value) {
        auto v = make(Kind::Bool);
        v->boolean = value;
        push(v);
    }

    // BINFLOAT: eight big-endian bytes.
    void push_float() {
        if (end_ - p_ < 8) fail("is truncated");
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | p_[i];
        p_ += 8;
        double d;
        std::memcpy(&d, &bits, 8);
        auto v = make(Kind::Float);
        v->real = d;
        push(v);
    }

    // STACK_GLOBAL: module and name from the stack.
    void stack_global() {
        const auto name = pop(), module = pop();
        if (name->kind != Kind::String || module->kind != Kind::String)
            fail("names a global with non-strings");
        global(module->text, name->text);
    }

    // BUILD: the state of an OrderedDict (its _metadata) or a tensor; not kept.
    void build() {
        pop();
        const auto kind = top()->kind;
        if (kind != Kind::Dict && kind != Kind::Tensor) fail("sets the state of an object");
    }

    [[noreturn]] void refuse(uint8_t op) const {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        fail(std::string("uses opcode ") + hex + ", which a data-only reader refuses");
    }

    const std::string& what_;
    const uint8_t* p_;
    const uint8_t* end_;
    std::vector<PickleRef> stack_;
    std::vector<size_t> marks_;
    std::map<uint64_t, PickleRef> memo_;
    size_t objects_ = 0;
};

}  // namespace

PickleRef read_restricted_pickle(const std::string& what, const uint8_t* data, size_t size) {
    return Machine(what, data, size).run();
}

}  // namespace reverie::io
