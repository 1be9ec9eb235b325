#include "ui/adapter_browser.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include "ui/control_panel.h"
#include "ui/prompt_highlighter.h"
#include "ui/prompt_weights.h"

namespace reverie::ui {

namespace {

constexpr int kThumbnail = 48;
constexpr int kIndexRole = Qt::UserRole + 1;   // the entry's index in the catalog
constexpr int kSearchRole = Qt::UserRole + 2;  // name and trigger words, lower case
constexpr int kRoleRole = Qt::UserRole + 3;    // 0 LoRA, 1 embedding
constexpr int kFitsRole = Qt::UserRole + 4;    // for the model's family

// What an entry without a preview picture shows: its kind's initial on the kind's colour.
QIcon placeholder(const FoundAdapter& a) {
    QPixmap pm(kThumbnail, kThumbnail);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const bool lora = a.role == FoundAdapter::Role::Lora;
    p.setBrush(lora ? QColor(70, 110, 170) : QColor(120, 150, 70));
    p.setPen(Qt::NoPen);
    p.drawRoundedRect(QRectF(2, 2, kThumbnail - 4, kThumbnail - 4), 6, 6);
    p.setPen(Qt::white);
    QFont f = p.font();
    f.setBold(true);
    f.setPixelSize(kThumbnail / 3);
    p.setFont(f);
    p.drawText(pm.rect(), Qt::AlignCenter, lora ? a.kind.left(4) : QStringLiteral("TI"));
    return QIcon(pm);
}

QIcon thumbnail(const FoundAdapter& a) {
    if (a.thumbnail.isNull()) return placeholder(a);
    return QIcon(QPixmap::fromImage(
        a.thumbnail.scaled(kThumbnail, kThumbnail, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

}  // namespace

// Search text, kind and family: which entries the list shows.
class AdapterFilter : public QSortFilterProxyModel {
  public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    QString search;
    int kind = 0;  // 0 all, 1 LoRAs, 2 embeddings
    bool other_families = false;
    void changed() { invalidateFilter(); }

  protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        const QModelIndex i = sourceModel()->index(row, 0, parent);
        if (kind != 0 && i.data(kRoleRole).toInt() != kind - 1) return false;
        if (!other_families && !i.data(kFitsRole).toBool()) return false;
        return search.isEmpty() || i.data(kSearchRole).toString().contains(search);
    }
};

AdapterBrowser::AdapterBrowser(QWidget* parent) : QDockWidget(tr("LoRAs and embeddings"), parent) {
    setObjectName(QStringLiteral("AdapterBrowser"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);
    auto* body = new QWidget;
    auto* column = new QVBoxLayout(body);
    search_ = new QLineEdit;
    search_->setObjectName(QStringLiteral("adapterSearch"));
    search_->setPlaceholderText(tr("Search by name or trigger word"));
    search_->setClearButtonEnabled(true);
    column->addWidget(search_);
    auto* filters = new QHBoxLayout;
    kind_ = new QComboBox;
    kind_->setObjectName(QStringLiteral("adapterKind"));
    kind_->addItems({tr("All"), tr("LoRAs"), tr("Embeddings")});
    other_families_ = new QCheckBox(tr("Other families"));
    other_families_->setObjectName(QStringLiteral("otherFamilies"));
    other_families_->setToolTip(tr("Also list files made for other model families (greyed)"));
    filters->addWidget(kind_, 1);
    filters->addWidget(other_families_);
    column->addLayout(filters);

    model_ = new QStandardItemModel(this);
    filter_ = new AdapterFilter(this);
    filter_->setSourceModel(model_);
    list_ = new QListView;
    list_->setObjectName(QStringLiteral("adapterList"));
    list_->setModel(filter_);
    list_->setIconSize(QSize(kThumbnail, kThumbnail));
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list_->setUniformItemSizes(true);
    list_->setTextElideMode(Qt::ElideMiddle);
    list_->installEventFilter(this);
    column->addWidget(list_, 1);
    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("adapterStatus"));
    status_->setWordWrap(true);
    column->addWidget(status_);
    weights_ = new PromptWeights;
    weights_->setProblemCheck(
        [this](const PromptTag& t) { return lora_tag_problem(t, catalog_, family_); });
    column->addWidget(weights_);
    setWidget(body);

    connect(search_, &QLineEdit::textChanged, this, [this](const QString& text) {
        filter_->search = text.trimmed().toLower();
        filter_->changed();
    });
    connect(kind_, &QComboBox::currentIndexChanged, this, [this](int kind) {
        filter_->kind = kind;
        filter_->changed();
    });
    connect(other_families_, &QCheckBox::toggled, this, [this](bool on) {
        filter_->other_families = on;
        filter_->changed();
    });
    // A click inserts (never a double click: the first would already have inserted).
    connect(list_, &QListView::clicked, this, &AdapterBrowser::insertAt);
    updateStatus();
}

void AdapterBrowser::attach(QPlainTextEdit* prompt, QPlainTextEdit* negative) {
    prompt_ = target_ = prompt;
    negative_ = negative;
    for (QPlainTextEdit* e : {prompt, negative})
        if (e) e->installEventFilter(this);
    delete highlighter_;
    highlighter_ = prompt ? new PromptHighlighter(prompt) : nullptr;
    if (highlighter_) {
        highlighter_->setModelFamily(family_);
        highlighter_->setCatalog(catalog_);
    }
    weights_->setPrompt(prompt);
}

void AdapterBrowser::setCatalog(const AdapterCatalog& catalog) {
    catalog_ = catalog;
    if (highlighter_) highlighter_->setCatalog(catalog_);
    weights_->recheck();
    fillList();
}

void AdapterBrowser::setModelFamily(const QString& family) {
    family_ = family;
    if (highlighter_) highlighter_->setModelFamily(family);
    weights_->recheck();
    fillList();
}

void AdapterBrowser::fillList() {
    model_->clear();
    for (int i = 0; i < catalog_.adapters.size(); ++i) {
        const FoundAdapter& a = catalog_.adapters[i];
        const bool lora = a.role == FoundAdapter::Role::Lora;
        const bool fits = a.family.isEmpty() || controlnet_fits(a.family, family_);
        QStringList facts{a.kind};
        if (!a.family.isEmpty()) facts << a.family;
        if (!a.problem.isEmpty()) facts = QStringList{tr("unreadable")};
        auto* item = new QStandardItem(
            thumbnail(a), a.name + QLatin1Char('\n') + facts.join(QStringLiteral(" · ")));
        QStringList tip{QDir::toNativeSeparators(a.path)};
        if (!a.problem.isEmpty()) tip << a.problem;
        if (a.rank > 0) tip << (lora ? tr("rank %1") : tr("%1 vectors")).arg(a.rank);
        if (!a.trigger_words.isEmpty())
            tip << tr("Trigger words: %1").arg(a.trigger_words.join(QStringLiteral(", ")));
        if (!fits) tip << tr("Made for %1; the model is %2").arg(a.family, family_);
        item->setToolTip(tip.join(QLatin1Char('\n')));
        item->setData(i, kIndexRole);
        item->setData(
            (a.name + QLatin1Char(' ') + a.trigger_words.join(QLatin1Char(' '))).toLower(),
            kSearchRole);
        item->setData(lora ? 0 : 1, kRoleRole);
        item->setData(fits, kFitsRole);
        // What the engine would refuse is shown, greyed, and inserts nothing.
        if (!fits || !a.problem.isEmpty())
            item->setFlags(Qt::NoItemFlags);
        else
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        model_->appendRow(item);
    }
    updateStatus();
}

void AdapterBrowser::updateStatus() {
    if (!catalog_.note.isEmpty()) {
        status_->setText(catalog_.note);
        return;
    }
    if (!catalog_.scanned) {
        status_->setText(tr("Looking for LoRAs and embeddings…"));
        return;
    }
    if (catalog_.lora_folders.isEmpty() && catalog_.embeddings_folder.isEmpty()) {
        status_->setText(
            tr("No Lora, LyCORIS, loras or embeddings folder beside or inside the "
               "model folders (File → Settings)"));
        return;
    }
    int loras = 0, embeddings = 0, hidden = 0;
    for (int i = 0; i < model_->rowCount(); ++i) {
        const QModelIndex m = model_->index(i, 0);
        (m.data(kRoleRole).toInt() == 0 ? loras : embeddings) += 1;
        if (!m.data(kFitsRole).toBool()) ++hidden;
    }
    QString text = tr("%1 LoRAs, %2 embeddings").arg(loras).arg(embeddings);
    if (hidden > 0) text += QStringLiteral(" · ") + tr("%1 of them for other families").arg(hidden);
    status_->setText(text);
    QStringList folders = catalog_.lora_folders;
    if (!catalog_.embeddings_folder.isEmpty()) folders << catalog_.embeddings_folder;
    for (QString& f : folders) f = QDir::toNativeSeparators(f);
    status_->setToolTip(folders.join(QLatin1Char('\n')));
}

QStringList AdapterBrowser::shownNames() const {
    QStringList names;
    for (int i = 0; i < filter_->rowCount(); ++i)
        names << catalog_.adapters[filter_->index(i, 0).data(kIndexRole).toInt()].name;
    return names;
}

void AdapterBrowser::insertAt(const QModelIndex& index) {
    if (!index.isValid() || !(index.flags() & Qt::ItemIsEnabled) || !target_) return;
    const FoundAdapter& a = catalog_.adapters[index.data(kIndexRole).toInt()];
    QString text = a.role == FoundAdapter::Role::Lora ? lora_tag_for(a.name) : a.name;
    // A space apart from the words around the cursor, as A1111's separator.
    QTextCursor c = target_->textCursor();
    const QString all = target_->toPlainText();
    const int at = c.selectionStart();
    if (at > 0 && !all.at(at - 1).isSpace()) text.prepend(QLatin1Char(' '));
    const int end = c.selectionEnd();
    if (end < all.size() && !all.at(end).isSpace()) text.append(QLatin1Char(' '));
    c.insertText(text);
    target_->setTextCursor(c);
    target_->setFocus();
}

bool AdapterBrowser::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::FocusIn && (watched == prompt_ || watched == negative_))
        target_ = static_cast<QPlainTextEdit*>(watched);
    if (event->type() == QEvent::KeyPress && watched == list_) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            insertAt(list_->currentIndex());
            return true;
        }
    }
    return QDockWidget::eventFilter(watched, event);
}

}  // namespace reverie::ui
